import { AssociateAddressCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  claim,
  claimIfUnchanged,
  deadlineIn,
  locate,
  release,
} from "../../../core/index.ts";
import { simEc2 } from "../../../sim/clients.ts";
import { useMoto } from "../../support/moto.ts";

const options = () => ({ deadline: deadlineIn(10_000) });
/** An instance id that exists nowhere. */
const GHOST = { kind: "instance", instanceId: "i-0123456789abcdef0" } as const;

describe("claim, compare-and-swap and release against moto", () => {
  const sim = useMoto();
  const ref = () => ({ allocationId: sim.topology.eip.allocationId });
  const now = () => locate(sim.ec2, ref(), options());
  const node = (n: "A" | "B") =>
    ({ kind: "instance", instanceId: sim.topology.nodes[n].instanceId }) as const;

  it("claim moves A → B in one call, then is a no-op", async () => {
    const result = await claim(sim.ec2, await now(), node("B"), options());
    expect(result.changed).toBe(true);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.B.instanceId);
    expect((await claim(sim.ec2, await now(), node("B"), options())).changed).toBe(false);
  });

  it("claim by ENI + private IP", async () => {
    const b = sim.topology.nodes.B;
    await claim(
      sim.ec2,
      await now(),
      { kind: "interface", networkInterfaceId: b.networkInterfaceId, privateIpAddress: b.privateIp },
      options(),
    );
    expect((await now()).association).toMatchObject({
      networkInterfaceId: b.networkInterfaceId,
      privateIpAddress: "10.0.1.20",
    });
  });

  it("claimIfUnchanged moves A → B when nothing changed since the observation", async () => {
    const result = await claimIfUnchanged(sim.ec2, await now(), node("B"), options());
    expect(result.changed).toBe(true);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.B.instanceId);
  });

  it("a stale observation (re-associated to A meanwhile) is a conflict naming A; the address stays on A", async () => {
    const observed = await now();
    // someone (Pacemaker recovering in place) re-associates: same holder, a newer association
    await claim(sim.ec2, { ...observed, association: undefined }, node("A"), options());
    const error = await claimIfUnchanged(sim.ec2, observed, node("B"), options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(sim.topology.nodes.A.instanceId);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.A.instanceId);
  });

  it("a stale observation whose newer holder is already the target is success without a call", async () => {
    const observed = await now();
    await claim(sim.ec2, observed, node("B"), options());
    const result = await claimIfUnchanged(
      sim.ec2,
      {
        ...observed,
        association: { associationId: "eipassoc-00000000000000001", instanceId: "i-00000000000000001" },
      },
      node("B"),
      options(),
    );
    expect(result.changed).toBe(false);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.B.instanceId);
  });

  it("grabbed between disassociate and associate: conflict naming the grabber, who keeps it", async () => {
    // Prepare: a client whose DisassociateAddress is followed at once by someone else's associate to A.
    const racer = simEc2(sim.moto.endpoint, { requestTimeoutMs: 60_000 });
    const grabber = simEc2(sim.moto.endpoint, { requestTimeoutMs: 60_000 });
    const a = sim.topology.nodes.A.instanceId;
    racer.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === "DisassociateAddressCommand")
          await grabber.send(
            new AssociateAddressCommand({
              AllocationId: sim.topology.eip.allocationId,
              InstanceId: a,
              AllowReassociation: true,
            }),
          );
        return out;
      },
      { step: "initialize", name: "grabAfterDisassociate" },
    );
    // Act
    const error = await claimIfUnchanged(racer, await now(), node("B"), options()).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(a);
    expect((await now()).association?.instanceId).toBe(a);
    racer.destroy();
    grabber.destroy();
  });

  it("release disassociates only when the given holder holds it", async () => {
    expect((await release(sim.ec2, await now(), node("B"), options())).changed).toBe(false);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.A.instanceId);
    expect((await release(sim.ec2, await now(), node("A"), options())).changed).toBe(true);
    expect((await now()).association).toBeUndefined();
    const unknown = { allocationId: sim.topology.eip.allocationId };
    expect((await locate(sim.ec2, unknown, options())).allocationId).toBe(sim.topology.eip.allocationId);
  });

  it("an unknown allocation id and an unknown instance are configuration errors naming them", async () => {
    const missing = await claim(
      sim.ec2,
      { ...(await now()), allocationId: "eipalloc-0000000000000000a", association: undefined },
      node("B"),
      options(),
    ).catch((e) => e);
    expect(missing).toBeInstanceOf(ConfigurationError);
    expect(missing.message).toContain("eipalloc-0000000000000000a");
    const ghost = await claim(sim.ec2, await now(), GHOST, options()).catch((e) => e);
    expect(ghost).toBeInstanceOf(ConfigurationError);
    expect(ghost.message).toContain(GHOST.instanceId);
    expect((await now()).association?.instanceId).toBe(sim.topology.nodes.A.instanceId);
  });

  it("compare-and-swap to an unknown instance puts the address back where it was observed", async () => {
    const a = sim.topology.nodes.A;
    const ghost = await claimIfUnchanged(sim.ec2, await now(), GHOST, options()).catch((e) => e);
    expect(ghost).toBeInstanceOf(ConfigurationError);
    expect(ghost.message).toContain(GHOST.instanceId);
    // Back on A's exact ENI and IP. (AWS then reports A's instance id too; moto leaves it out for an
    // association made by ENI.)
    expect((await now()).association).toMatchObject({
      networkInterfaceId: a.networkInterfaceId,
      privateIpAddress: "10.0.0.20",
    });
  });
});
