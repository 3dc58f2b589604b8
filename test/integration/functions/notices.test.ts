import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import type { FailoverReport } from "../../../functions/types.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

/** A promise and the function that settles it: a gate one interleaved call opens for another. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("failover notices from the built handler, onto the sim's EventBridge", () => {
  const { sim, handler } = useBuiltHandler();
  const nodes = () => sim.region.topology.nodes;
  const notices = () => sim.region.proxy.bus.entries("eip-failover");
  const stopA = () =>
    sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
  const stoppedA = () => instanceStateChange({ instanceId: nodes().A.instanceId, state: "stopped" });

  it("a move → one PutEvents of one 'EIP Failover Moved' on the default bus: cluster, address, from, to, timings", async () => {
    // Prepare
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await stopA();
    // Act
    const report = await handler(stoppedA(), lambdaContext());
    // Assess
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(sim.region.proxy.log.count({ client: "lambda", action: "PutEvents" })).toBe(1);
    expect(notices()).toEqual([
      expect.objectContaining({ bus: "default", detailType: "EIP Failover Moved", client: "lambda" }),
    ]);
    expect(notices()[0]?.detail).toMatchObject({
      outcome: "moved",
      cluster: "web",
      allocationId: sim.region.topology.eip.allocationId,
      publicIp: sim.region.topology.eip.publicIp,
      from: nodes().A.instanceId,
      to: nodes().B.instanceId,
      timings: { eventLagMs: expect.any(Number), graceMs: 0, moveMs: expect.any(Number) },
    });
  });

  it("nothing to do → no notice, and no PutEvents call", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    // A is still running and holds the address: the event is about a node that has recovered
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("skipped");
    expect(sim.region.proxy.log.count({ client: "lambda", action: "PutEvents" })).toBe(0);
  });

  it("both members down → one 'EIP Failover No Standby' naming the holder", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    const { A, B } = nodes();
    await sim.region
      .ec2("console")
      .send(new StopInstancesCommand({ InstanceIds: [A.instanceId, B.instanceId] }));
    await handler(stoppedA(), lambdaContext());
    expect(notices().map((n) => n.detailType)).toEqual(["EIP Failover No Standby"]);
    expect(notices()[0]?.detail).toMatchObject({ outcome: "no-standby", from: A.instanceId });
  });

  it("EventBridge refusing every PutEvents does not turn the move into a failure", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    sim.region.proxy.setFaults([
      { action: "PutEvents", fault: { kind: "error", status: 400, code: "AccessDeniedException" } },
    ]);
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(await holderOf(sim.region.truth, sim.region.topology.eip.allocationId)).toBe(nodes().B.instanceId);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "PutEvents" })).toBeGreaterThan(0);
    expect(notices()).toEqual([]);
  });

  it("two concurrent invocations of one event, both past their first look → exactly one 'moved' notice", async () => {
    // Prepare: X and Y both observe the address on A. X's disassociate removes A's association; Y's then finds
    // it gone and, before X associates, the address held by nobody. Each interleave runs the other invocation's
    // calls at one exact point of this one's, so no timer decides the order.
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await stopA();
    const event = stoppedA();
    const yAtDisassociate = gate();
    const xDisassociated = gate();
    let y: Promise<FailoverReport> | undefined;
    const lambda = (action: string, call: number, run: () => Promise<unknown>) => ({
      action,
      client: "lambda",
      calls: [call],
      fault: { kind: "interleave" as const, run },
    });
    sim.region.proxy.setFaults([
      // X's disassociate waits while Y looks (locate, members) and reaches its own disassociate
      lambda("DisassociateAddress", 1, () => {
        y = handler(event, lambdaContext());
        return yAtDisassociate.opened;
      }),
      // Y's disassociate waits until X's has removed the association
      lambda("DisassociateAddress", 2, () => {
        yAtDisassociate.open();
        return xDisassociated.opened;
      }),
      // X's associate waits until Y has decided, from an address held by nobody
      lambda("AssociateAddress", 1, () => {
        xDisassociated.open();
        return y ?? Promise.reject(new Error("Y never started"));
      }),
    ]);
    // Act
    const x = await handler(event, lambdaContext());
    const second = await (y ?? Promise.reject(new Error("Y never started")));
    // Assess
    const moved = notices().filter((n) => n.detailType === "EIP Failover Moved");
    expect(moved).toHaveLength(1);
    expect(moved[0]?.detail).toMatchObject({ from: nodes().A.instanceId, to: nodes().B.instanceId });
    expect(x.addresses[0]?.result.outcome).toBe("moved");
    expect(second.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining("by another caller"),
    });
    expect(notices()).toHaveLength(1);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "DisassociateAddress" })).toBe(2);
    expect(await holderOf(sim.region.truth, sim.region.topology.eip.allocationId)).toBe(nodes().B.instanceId);
  });
});
