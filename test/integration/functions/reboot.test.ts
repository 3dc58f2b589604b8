import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { DEADLINE_MARGIN_MS } from "../../../functions/constants.ts";
import { AFTER_STOP_RESERVE_MS } from "../../../functions/execute/fence.ts";
import { DEFAULT_LAG } from "../../../sim/consistency.ts";
import { alarmStateChange } from "../../../sim/events.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

// docs/fencing.md, "Decision": the controller does not wait for EC2's own recovery (simplified automatic
// recovery, or a `recover` alarm action). After the grace window, a member whose status check still fails is
// fenced per `fencing`; a recovery that completed inside the window leaves nothing to do.
describe("the built handler's fencing 'reboot' against the sim: a member whose status check fails", () => {
  const { sim, handler } = useBuiltHandler();
  const nodes = () => sim.region.topology.nodes;
  const GRACE = 30;
  /** A's status-check alarm, fired a minute ago: the grace window has ended when the controller looks. */
  const alarmOnA = () =>
    alarmStateChange({
      alarmName: "eip-failover-dev-status-A",
      instanceId: nodes().A.instanceId,
      state: "ALARM",
      time: Date.now() - 2 * GRACE * 1000,
    });
  const lambdaChanges = () =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda" && e.mutating && e.status === 200)
      .map((e) => e.action);
  const stateOfA = async () => {
    const out = await sim.region.truth.send(
      new DescribeInstancesCommand({ InstanceIds: [nodes().A.instanceId] }),
    );
    return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
  };
  const notices = () => sim.region.proxy.bus.entries("eip-failover");

  it("still impaired after the window (EC2's recovery pending or not): one stop, one move, one start, one moved notice", async () => {
    // Prepare: A runs with its checks failing, the EIP on it
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, { fencing: "reboot", graceSeconds: GRACE }),
    );
    sim.region.proxy.setImpaired([nodes().A.instanceId]);
    // Act
    const report = await handler(alarmOnA(), lambdaContext());
    // Assess: stopped before the move, started after it, and the address on B
    expect(report.addresses[0]?.result).toEqual({
      outcome: "moved",
      from: nodes().A.instanceId,
      to: nodes().B.instanceId,
      restart: { instanceId: nodes().A.instanceId, state: "pending" },
    });
    expect(lambdaChanges()).toEqual([
      "StopInstances",
      "DisassociateAddress",
      "AssociateAddress",
      "StartInstances",
    ]);
    expect(await holderOf(sim.region.truth, sim.region.topology.eip.allocationId)).toBe(nodes().B.instanceId);
    expect(["pending", "running"]).toContain(await stateOfA());
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.detail).toMatchObject({
      outcome: "moved",
      summary: expect.stringContaining(`; started ${nodes().A.instanceId} again (pending)`),
      restart: { instanceId: nodes().A.instanceId, state: "pending" },
      timings: { fenceMs: expect.any(Number), moveMs: expect.any(Number), startMs: expect.any(Number) },
    });
  });

  describe("a stop that outlasts the invocation", () => {
    afterEach(() => sim.region.proxy.setConsistency(DEFAULT_LAG));

    it("moves nothing and starts nothing; the queue's retry stops it again, waits until stopped, moves and starts it", async () => {
      // Prepare: every read shows a change 3 s late (the controller's lag bound), and the first invocation has
      // under 1.5 s to wait beyond what it keeps for the move and the start
      sim.region.proxy.setConsistency({ minMs: 3_000, maxMs: 3_000 });
      await putCluster(
        sim.region,
        "web",
        classicCluster(sim.region, { fencing: "reboot", graceSeconds: GRACE }),
      );
      sim.region.proxy.setImpaired([nodes().A.instanceId]);
      const event = alarmOnA();
      // Act: the first invocation, then the queue's retry of the same record
      // (a direct invocation throws a transient error for Lambda to retry; the queue's consumer hands the record back)
      const first = await handler(
        event,
        lambdaContext(AFTER_STOP_RESERVE_MS + DEADLINE_MARGIN_MS + 1_500),
      ).catch((error: unknown) => error);
      const afterFirst = lambdaChanges();
      const retry = await handler(event, lambdaContext());
      // Assess
      expect(first).toMatchObject({
        name: "RetryableFailover",
        errors: [expect.objectContaining({ name: "TransientError", reason: "deadline" })],
      });
      expect(afterFirst).toEqual(["StopInstances"]);
      expect(retry.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
      expect(lambdaChanges()).toEqual([
        "StopInstances",
        "StopInstances",
        "DisassociateAddress",
        "AssociateAddress",
        "StartInstances",
      ]);
      expect(await holderOf(sim.region.truth, sim.region.topology.eip.allocationId)).toBe(
        nodes().B.instanceId,
      );
    });
  });

  it("recovered inside the window (EC2's recovery done, checks pass): no stop, no move, no start", async () => {
    // Prepare: the alarm fired, then A's checks passed again before the window ended
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, { fencing: "reboot", graceSeconds: GRACE }),
    );
    sim.region.proxy.setImpaired([]);
    // Act
    const report = await handler(alarmOnA(), lambdaContext());
    // Assess
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining(`${nodes().A.instanceId} has recovered since the event`),
    });
    expect(lambdaChanges()).toEqual([]);
    expect(await holderOf(sim.region.truth, sim.region.topology.eip.allocationId)).toBe(nodes().A.instanceId);
    expect(notices()).toEqual([]);
  });
});
