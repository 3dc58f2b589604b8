import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createDrillSweep } from "../../../cli/drill/sweep.ts";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { DEFAULT_LAG_BOUND_MS, deadlineIn, observeRoutes } from "../../../core/index.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import { scheduledEvent } from "../../../sim/schedule.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

// The built controller against the sim with EC2's read lag on, every change's lag the controller's whole 3 s
// bound: a move, then a duplicate of its event and a sweep while reads still show the address (or the route) on A.
// What the controller did is read from the proxy's log and the truth, never a lagging read. The sim's default
// (1–3 s) could close a window before the next look on a busy machine: the sweep reads the cluster documents and
// its alarms before it looks, and a 1 s window once closed before it (a sweep that saw the move, with nothing to do).

describe("the controller while the sim's reads lag: one move, one notice, no put-back", () => {
  const { sim, handler } = useBuiltHandler({
    consistency: { minMs: DEFAULT_LAG_BOUND_MS, maxMs: DEFAULT_LAG_BOUND_MS },
  });
  const nodes = () => sim.region.topology.nodes;
  const eip = () => sim.region.topology.eip.allocationId;
  const holder = () => holderOf(sim.region.truth, eip());
  const stopA = () =>
    sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
  const stoppedA = () => instanceStateChange({ instanceId: nodes().A.instanceId, state: "stopped" });
  const sweep = () =>
    createDrillSweep(sim.region, () => {}, { dryRun: false }).invoke(scheduledEvent({ ruleName: "sweep" }));
  /** The controller's mutating calls that took effect, as "Action" lines. */
  const landed = () =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda" && e.mutating && e.status === 200)
      .map((e) => e.action);
  const refused = (action: string) =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda" && e.action === action && e.status !== 200).length;
  /** The controller's reads of `action` that EC2's lag answered with what was before. */
  const staleReads = (action: string) =>
    sim.region.proxy.log.entries().filter((e) => e.client === "lambda" && e.action === action && e.stale)
      .length;
  const notices = () => sim.region.proxy.bus.entries("eip-failover").map((n) => n.detailType);
  const withReconcile = () =>
    classicCluster(sim.region, { pacemaker: { reconcileCommand: "crm_resource --refresh -r vip" } });

  it("a move, then a duplicate of its event inside the window: the duplicate's read still shows A, its disassociate is refused, and it stands down", async () => {
    // Prepare
    await putCluster(sim.region, "web", withReconcile());
    await stopA();
    const event = stoppedA();
    // Act
    const first = await handler(event, lambdaContext());
    const second = await handler(event, lambdaContext());
    // Assess
    expect(first.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
    expect(second.addresses[0]?.result).toEqual({
      outcome: "skipped",
      reason: `${eip()} is already on instance ${nodes().B.instanceId}`,
    });
    expect(staleReads("DescribeAddresses")).toBeGreaterThanOrEqual(1); // the window was open
    expect(landed()).toEqual(["DisassociateAddress", "AssociateAddress"]);
    expect(refused("DisassociateAddress")).toBe(1);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "SendCommand" })).toBe(1);
    expect(notices()).toEqual(["EIP Failover Moved"]);
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("a move, then a sweep inside the window: the sweep hands the stale 'A holds it, A is down' to the decision, which finds the move and stands down", async () => {
    // Prepare
    await putCluster(sim.region, "web", withReconcile());
    await stopA();
    // Act
    const moved = await handler(stoppedA(), lambdaContext());
    const swept = await sweep();
    // Assess
    expect(moved.addresses[0]?.result.outcome).toBe("moved");
    expect(swept.addresses.map((a) => a.result.outcome)).toEqual(["skipped"]);
    expect(landed()).toEqual(["DisassociateAddress", "AssociateAddress"]);
    expect(notices()).toEqual(["EIP Failover Moved"]);
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("a move, its duplicate and a sweep, all inside the window: exactly one mutating move, one moved notice, one reconcile, no put-back", async () => {
    await putCluster(sim.region, "web", withReconcile());
    await stopA();
    const event = stoppedA();
    await handler(event, lambdaContext());
    const [duplicate, swept] = await Promise.all([handler(event, lambdaContext()), sweep()]);
    expect(duplicate.addresses[0]?.result.outcome).toBe("skipped");
    expect(swept.addresses.map((a) => a.result.outcome)).toEqual(["skipped"]);
    expect(landed()).toEqual(["DisassociateAddress", "AssociateAddress"]);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "SendCommand" })).toBe(1);
    expect(notices()).toEqual(["EIP Failover Moved"]);
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("the EIP and the overlay route as one set: a move, then a duplicate and a sweep inside the window: one move of each, a moved notice per item", async () => {
    // Prepare
    const { overlay } = sim.region.topology;
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, {
        routes: [{ destination: overlay.destination, routeTableIds: overlay.routeTableIds }],
        members: [nodes().A, nodes().B].map((n) => ({
          instanceId: n.instanceId,
          networkInterfaceId: n.networkInterfaceId,
        })),
      }),
    );
    await stopA();
    const event = stoppedA();
    // Act
    const first = await handler(event, lambdaContext());
    const [second, swept] = await Promise.all([handler(event, lambdaContext()), sweep()]);
    // Assess
    expect(first.routes[0]?.result.outcome).toBe("moved");
    expect(second.routes[0]?.result.outcome).toBe("skipped");
    expect(swept.routes.map((r) => r.result.outcome)).toEqual(["skipped"]);
    expect(staleReads("DescribeRouteTables")).toBeGreaterThanOrEqual(1); // the later looks lagged
    expect(landed()).toEqual(["DisassociateAddress", "AssociateAddress", "ReplaceRoute", "ReplaceRoute"]);
    expect(notices()).toEqual(["EIP Failover Moved", "EIP Failover Moved"]);
    const seen = await observeRoutes(sim.region.truth, overlay, { deadline: deadlineIn(5_000) });
    expect(seen.tables.map((t) => t.route?.networkInterfaceId)).toEqual([
      nodes().B.networkInterfaceId,
      nodes().B.networkInterfaceId,
    ]);
  });

  it("a route-only cluster: a move, then a sweep inside the window: the sweep confirms its route look after the bound — one ReplaceRoute per table, one moved notice", async () => {
    // Prepare
    const { overlay } = sim.region.topology;
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, {
        addresses: [],
        routes: [{ destination: overlay.destination, routeTableIds: overlay.routeTableIds }],
        members: [nodes().A, nodes().B].map((n) => ({
          instanceId: n.instanceId,
          networkInterfaceId: n.networkInterfaceId,
        })),
      }),
    );
    await stopA();
    // Act
    const moved = await handler(stoppedA(), lambdaContext());
    const swept = await sweep();
    // Assess
    expect(moved.routes[0]?.result.outcome).toBe("moved");
    expect(swept.routes.map((r) => r.result.outcome)).toEqual(["skipped"]);
    expect(staleReads("DescribeRouteTables")).toBeGreaterThanOrEqual(1); // the sweep's look lagged
    expect(landed()).toEqual(["ReplaceRoute", "ReplaceRoute"]);
    expect(notices()).toEqual(["EIP Failover Moved"]);
  });
});
