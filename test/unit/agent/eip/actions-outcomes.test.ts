import { describe, expect, it } from "vitest";
import { type ActionContext, foreignInterface, observe, start } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { stop } from "../../../../agent/eip/stop.ts";
import { validateDeep } from "../../../../agent/eip/validate.ts";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import type { EipError } from "../../../../core/errors.ts";
import { ec2Error, type FakeAnswer, fakeEc2 } from "../../../support/fake-ec2.ts";
import { ALLOC, DISABLED, onA, onSelf, self } from "./fixtures.ts";

const IP = onA.PublicIp;
const free = { AllocationId: ALLOC, PublicIp: IP, Domain: "vpc" };

/** An action context over a fake EC2, this node being `self`. */
function context(answers: Record<string, FakeAnswer>, env: Record<string, string> = {}) {
  const { ec2, calls } = fakeEc2(answers);
  const remembered: [string, string][] = [];
  let credentialsAsked = 0;
  const ctx: ActionContext = {
    ec2,
    // api_lag 0: exact reads; lagging-reads.test.ts covers the lag bound.
    config: parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_api_lag: "0", ...env }),
    identity: self,
    deadline: deadlineIn(5_000),
    publicIps: {
      get: async () => undefined,
      put: async (allocationId, publicIp) => {
        remembered.push([allocationId, publicIp]);
      },
    },
    credentials: async () => {
      credentialsAsked++;
    },
  };
  return { ctx, calls, remembered, credentials: () => credentialsAsked };
}
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: EipError) => e,
  );

describe("agent actions: the outcome and the note or reason each gives", () => {
  it("observe resolves credentials first, remembers the public IP, and checks elastic_ip against it", async () => {
    // Prepare
    const agree = context({ DescribeAddresses: () => ({ Addresses: [onA] }) }, { OCF_RESKEY_elastic_ip: IP });
    const differ = context(
      { DescribeAddresses: () => ({ Addresses: [onA] }) },
      { OCF_RESKEY_elastic_ip: "198.51.100.7" },
    );
    // Act
    const snapshot = await observe(agree.ctx);
    const error = await rejection(observe(differ.ctx));
    // Assess
    expect(snapshot.publicIp).toBe(IP);
    expect(agree.credentials()).toBe(1);
    expect(agree.remembered).toEqual([[ALLOC, IP]]);
    expect(error?.message).toBe(
      `allocation_id and elastic_ip name different addresses: ${ALLOC} is ${IP}, not 198.51.100.7 (give one, or both of the same address)`,
    );
    expect(error?.reason).toBe("malformed");
    expect(error?.context).toEqual({ allocationId: ALLOC, publicIp: "198.51.100.7" });
  });

  it("start says where the address came from and its new association", async () => {
    // Prepare
    const { ctx, calls } = context({
      DescribeAddresses: () => ({ Addresses: [onA] }),
      AssociateAddress: () => ({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb9" }),
    });
    // Act / Assess
    expect(await start(ctx)).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} moved from instance ${onA.InstanceId} (${onA.NetworkInterfaceId}, ${onA.PrivateIpAddress}) to this node (eipassoc-0bbbbbbbbbbbbbbb9)`,
    });
    expect(calls.map((c) => c.action)).toEqual(["DescribeAddresses", "AssociateAddress"]);
  });

  it("start on the holder says so; start whose answer has no association id is a transient failure naming the target", async () => {
    // Prepare
    const held = context({ DescribeAddresses: () => ({ Addresses: [onSelf] }) });
    const blank = context({ DescribeAddresses: () => ({ Addresses: [free] }), AssociateAddress: () => ({}) });
    // Act
    const already = await start(held.ctx);
    const error = await rejection(start(blank.ctx));
    // Assess
    expect(already).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} already on this node (${onSelf.AssociationId})`,
    });
    expect(error?.message).toBe(
      `AssociateAddress of ${ALLOC} to instance ${self.instanceId} returned no association id`,
    );
    expect(error?.reason).toBe("unavailable");
    expect(error?.context).toEqual({ action: "AssociateAddress", allocationId: ALLOC });
  });

  it("start refuses another node's interface, naming it and this node's interfaces, before any call", async () => {
    // Prepare
    const { ctx, calls } = context({}, { OCF_RESKEY_network_interface_id: "eni-0aaaaaaaaaaaaaaa1" });
    // Act
    const error = await rejection(start(ctx));
    // Assess
    expect(error?.message).toBe(
      `network_interface_id eni-0aaaaaaaaaaaaaaa1 is not attached to this instance ${self.instanceId} (its interfaces: ${self.networkInterfaceIds.join(", ")}): cannot start here`,
    );
    expect(error?.reason).toBe("target-refused");
    expect(calls).toEqual([]);
  });

  it("foreignInterface: none configured or one of this node's is not foreign", () => {
    const config = (eni?: string) =>
      parseConfig({
        OCF_RESKEY_allocation_id: ALLOC,
        ...(eni ? { OCF_RESKEY_network_interface_id: eni } : {}),
      });
    expect(foreignInterface(config(), self)).toBeUndefined();
    expect(foreignInterface(config(self.networkInterfaceIds[1]), self)).toBeUndefined();
    expect(foreignInterface(config("eni-0aaaaaaaaaaaaaaa1"), self)).toBe("eni-0aaaaaaaaaaaaaaa1");
  });

  it("a disabled resource's stop's notes: released, held elsewhere (naming the holder), or another node's interface", async () => {
    // Prepare
    const mine = context(
      { DescribeAddresses: () => ({ Addresses: [onSelf] }), DisassociateAddress: () => ({}) },
      DISABLED,
    );
    const theirs = context({ DescribeAddresses: () => ({ Addresses: [onA] }) }, DISABLED);
    const foreign = context({}, { OCF_RESKEY_network_interface_id: "eni-0aaaaaaaaaaaaaaa1" });
    // Act / Assess
    expect(await stop(mine.ctx)).toEqual({ code: OcfExit.SUCCESS, note: `${IP} released from this node` });
    expect(await stop(theirs.ctx)).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} not on this node (instance ${onA.InstanceId} (${onA.NetworkInterfaceId}, ${onA.PrivateIpAddress})); nothing to release`,
    });
    expect(await stop(foreign.ctx)).toEqual({
      code: OcfExit.SUCCESS,
      note: expect.stringMatching(
        /^network_interface_id eni-0aaaaaaaaaaaaaaa1 is not attached .*: nothing of this node's to release$/,
      ),
    });
    expect(foreign.calls).toEqual([]);
  });

  it.each([
    ["a disabled resource's stop", DISABLED, "release"],
    ["a stop that hands the address over", {}, "hand over"],
  ])(
    "%s of an address that does not exist succeeds; any other failure to observe stands",
    async (_, env, verb) => {
      // Prepare
      const gone = context({ DescribeAddresses: () => ({ Addresses: [] }) }, env);
      const differ = context(
        { DescribeAddresses: () => ({ Addresses: [onA] }) },
        { ...env, OCF_RESKEY_elastic_ip: "198.51.100.7" },
      );
      // Act / Assess
      expect(await stop(gone.ctx)).toEqual({
        code: OcfExit.SUCCESS,
        note: `${ALLOC} not found; nothing to ${verb}`,
      });
      expect((await rejection(stop(differ.ctx)))?.reason).toBe("malformed");
    },
  );

  it("validate-all deep names the address and its scope", async () => {
    // Prepare
    // the DryRun AssociateAddress that proves the node's permission answers as EC2 does when allowed
    const vpc = context({
      DescribeAddresses: () => ({ Addresses: [free] }),
      AssociateAddress: () => {
        throw ec2Error("DryRunOperation");
      },
    });
    const classic = context({ DescribeAddresses: () => ({ Addresses: [{ ...free, Domain: "standard" }] }) });
    // Act / Assess
    expect(await validateDeep(vpc.ctx)).toEqual({
      code: OcfExit.SUCCESS,
      note: `${ALLOC} (${IP}) exists in the VPC scope; DryRun: ec2:AssociateAddress allowed`,
    });
    const error = await rejection(validateDeep(classic.ctx));
    expect(error?.message).toBe(
      `${IP} is an EC2-Classic address (domain standard); only VPC addresses can move`,
    );
    expect(error?.reason).toBe("malformed");
    expect(error?.context).toEqual({ allocationId: ALLOC });
  });
});
