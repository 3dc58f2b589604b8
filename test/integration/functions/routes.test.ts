import {
  CreateNetworkInterfaceCommand,
  ReplaceRouteCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it, onTestFinished } from "vitest";
import { deadlineIn, locate, observeRoutes } from "../../../core/index.ts";
import { DEFAULT_LAG, NO_LAG } from "../../../sim/consistency.ts";
import { alarmStateChange, instanceStateChange } from "../../../sim/events.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

const MUTATING = ["StopInstances", "DisassociateAddress", "AssociateAddress", "ReplaceRoute", "CreateRoute"];

describe("the built handler moves overlay routes with the EIP, against the sim", () => {
  const { sim, handler } = useBuiltHandler();
  const nodes = () => sim.region.topology.nodes;
  const overlay = () => sim.region.topology.overlay;
  /** The classic cluster with the overlay route in both subnets' tables, each member naming its interface. */
  const withRoutes = (over: Record<string, unknown> = {}) =>
    classicCluster(sim.region, {
      routes: [{ destination: overlay().destination, routeTableIds: overlay().routeTableIds }],
      members: [nodes().A, nodes().B].map((n) => ({
        instanceId: n.instanceId,
        networkInterfaceId: n.networkInterfaceId,
      })),
      ...over,
    });
  /** Where each of the overlay's tables sends it now, by interface id. */
  const routedTo = async () =>
    (await observeRoutes(sim.region.truth, overlay(), { deadline: deadlineIn(5_000) })).tables.map(
      (t) => t.route?.networkInterfaceId,
    );
  const stopA = () =>
    sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
  const stoppedA = () => instanceStateChange({ instanceId: nodes().A.instanceId, state: "stopped" });
  const count = (action: string) => sim.region.proxy.log.count({ client: "lambda", action });
  const notices = () => sim.region.proxy.bus.entries("eip-failover");

  it("A failed its status checks, grace over → the EIP and the route in both tables on B's interface: one fence, one set of Moved notices", async () => {
    // Prepare: the route agent's world, the overlay to A's interface in both tables; fencing on
    await putCluster(sim.region, "web", withRoutes({ fencing: "stop", graceSeconds: 60 }));
    expect(await routedTo()).toEqual([nodes().A.networkInterfaceId, nodes().A.networkInterfaceId]);
    sim.region.proxy.setImpaired([nodes().A.instanceId]); // what the status alarm saw: A runs, checks failing
    // the same alarm as AWS would time it just now (inside the window), and as a retry sees it once it ended
    const alarm = (time: number) =>
      alarmStateChange({
        alarmName: "eip-failover-dev-status-A",
        instanceId: nodes().A.instanceId,
        state: "ALARM",
        time,
      });
    // Act
    const first = await handler(alarm(Date.now()), lambdaContext());
    const report = await handler(alarm(Date.now() - 61_000), lambdaContext());
    // Assess
    expect(first.routes[0]?.result.outcome).toBe("waiting");
    expect(first.addresses[0]?.result.outcome).toBe("waiting");
    expect(first.recheckInSeconds).toBeGreaterThan(0);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
    expect(report.routes).toEqual([
      expect.objectContaining({
        destination: overlay().destination,
        result: expect.objectContaining({
          outcome: "moved",
          from: nodes().A.instanceId,
          to: nodes().B.instanceId,
        }),
        tables: overlay().routeTableIds.map((routeTableId) => ({
          routeTableId,
          seen: `network interface ${nodes().A.networkInterfaceId}`,
          done: "replaced",
        })),
      }),
    ]);
    const eip = await locate(sim.region.truth, sim.region.topology.eip, {
      deadline: deadlineIn(5_000),
    });
    expect(eip.association?.networkInterfaceId).toBe(nodes().B.networkInterfaceId);
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, nodes().B.networkInterfaceId]);
    expect(count("StopInstances")).toBe(1);
    expect(count("ReplaceRoute")).toBe(2);
    expect(count("DeleteRoute")).toBe(0);
    expect(notices().map((n) => [n.detailType, (n.detail as { destination?: string }).destination])).toEqual([
      ["EIP Failover Moved", undefined],
      ["EIP Failover Moved", overlay().destination],
    ]);
  });

  it("someone points one table elsewhere between the look and the move → a conflict, reported and not fought (exact reads)", async () => {
    // Exact reads: a change made inside the lag bound before the compare-and-swap's re-read is not seen (a limit
    // of the route's compare-and-swap, docs/controller.md), so this race at one exact point needs reads without lag.
    sim.region.proxy.setConsistency(NO_LAG);
    onTestFinished(() => sim.region.proxy.setConsistency(DEFAULT_LAG));
    // Prepare: a third interface in B's subnet, and the table switched to it while the controller re-reads
    await putCluster(sim.region, "web", withRoutes());
    await stopA();
    const other = await sim.region
      .ec2("console")
      .send(new CreateNetworkInterfaceCommand({ SubnetId: nodes().B.subnetId }));
    const otherEni = other.NetworkInterface?.NetworkInterfaceId as string;
    const [first, second] = overlay().routeTableIds as [string, string];
    sim.region.proxy.setFaults([
      {
        action: "DescribeRouteTables",
        client: "lambda",
        calls: [2], // the compare-and-swap's re-read, just before it acts
        fault: {
          kind: "interleave",
          run: () =>
            sim.region.ec2("console").send(
              new ReplaceRouteCommand({
                RouteTableId: second,
                DestinationCidrBlock: overlay().destination,
                NetworkInterfaceId: otherEni,
              }),
            ),
        },
      },
    ]);
    // Act
    const report = await handler(stoppedA(), lambdaContext());
    // Assess
    expect(report.routes[0]?.result).toEqual({
      outcome: "conflict",
      holder: `${second} → network interface ${otherEni}`,
    });
    expect(report.routes[0]?.tables?.map((t) => [t.routeTableId, t.done])).toEqual([
      [first, "replaced"],
      [second, "conflict"],
    ]);
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, otherEni]);
    expect(count("ReplaceRoute")).toBe(1);
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(notices().map((n) => n.detailType)).toEqual(["EIP Failover Moved", "EIP Failover Conflict"]);
  });

  it("a dry run makes no mutating call and prints the route steps the real run would carry out", async () => {
    await putCluster(sim.region, "web", withRoutes({ dryRun: true, fencing: "stop" }));
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.routes[0]?.result).toEqual({
      outcome: "planned",
      plan: overlay().routeTableIds.map(
        (t) => `ReplaceRoute ${t} ${overlay().destination} → ${nodes().B.networkInterfaceId}`,
      ),
    });
    for (const action of MUTATING) expect(count(action)).toBe(0);
    expect(await routedTo()).toEqual([nodes().A.networkInterfaceId, nodes().A.networkInterfaceId]);
  });

  it("a route-only cluster (no addresses) moves its route and leaves the EIP alone", async () => {
    await putCluster(sim.region, "web", withRoutes({ addresses: [] }));
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses).toEqual([]);
    expect(report.routes[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, nodes().B.networkInterfaceId]);
    expect(count("AssociateAddress")).toBe(0);
  });
});
