import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../functions/clusters/schema.ts";
import { createFailover, RetryableFailover } from "../../../functions/event/failover.ts";
import { DETAIL_TYPES } from "../../../functions/notices/notice.ts";
import { createSweep } from "../../../functions/sweep/sweep.ts";
import type { Deps, FailoverReport } from "../../../functions/types.ts";
import { alarmStateChange, instanceStateChange } from "../../../sim/events.ts";
import { laggingEc2, T0, type WorldNode } from "../../support/lagging-ec2.ts";

// The controller while EC2's reads lag its writes (issue 25): a world whose Describe answers show each change
// late (2.5 s unless told, inside the controller's 3 s bound), on a fake clock.

const A: WorldNode = {
  instanceId: "i-0aaaaaaaaaaaaaaa1",
  networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
  az: "ap-northeast-1a",
};
const B: WorldNode = {
  instanceId: "i-0bbbbbbbbbbbbbbb1",
  networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
  az: "ap-northeast-1c",
};
const ALLOC = "eipalloc-0123456789abcdef0";
const D = "192.168.100.10/32";
const TABLES = ["rtb-0000000000000000a", "rtb-0000000000000000b"];
const RECONCILE = "crm_resource --refresh -r vip";
const web = (over: Partial<Cluster> = {}): Cluster => ({
  name: "web",
  addresses: [{ allocationId: ALLOC }],
  routes: [],
  members: [A, B].map((n) => ({ instanceId: n.instanceId, networkInterfaceId: n.networkInterfaceId })),
  fencing: "none",
  graceSeconds: 0,
  pacemaker: { reconcileCommand: RECONCILE },
  ...over,
});
const withRoute = (over: Partial<Cluster> = {}) =>
  web({ routes: [{ destination: D, routeTableIds: TABLES }], ...over });
const context = { getRemainingTimeInMillis: () => 60_000 };
const scheduled = { source: "aws.events", "detail-type": "Scheduled Event" };

/** A world (A holds the address and the route) and the controller over it: event path, sweep, notices, commands. */
function setUp(cluster: Cluster, options: { lagMs?: number; lagBoundMs?: number } = {}) {
  const world = laggingEc2({
    nodes: [A, B],
    allocationId: ALLOC,
    holder: A.instanceId,
    destination: D,
    routeTableIds: TABLES,
    lagMs: options.lagMs ?? 2_500,
  });
  const notices: { detailType: string; detail: Record<string, unknown> }[] = [];
  // The Run Command goes into the world's call log, so the order of calls and reconciliation shows.
  const ssm = {
    send: async (command: { input: { InstanceIds: string[] } }) => {
      world.calls.push({ action: "SendCommand", input: command.input });
      return { Command: { CommandId: `cmd-${world.calls.length}` } };
    },
  } as unknown as SSMClient;
  const events = {
    send: async (command: { input: { Entries: { DetailType: string; Detail: string }[] } }) => {
      for (const e of command.input.Entries)
        notices.push({ detailType: e.DetailType, detail: JSON.parse(e.Detail) });
      return { Entries: command.input.Entries.map(() => ({ EventId: "e" })) };
    },
  } as unknown as EventBridgeClient;
  const cloudwatch = {
    send: async () => ({ MetricAlarms: [] }),
  } as unknown as CloudWatchClient;
  const quiet = () => {};
  const deps: Deps = {
    ec2: world.ec2,
    ssm,
    events,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    metrics: { addMetric: quiet },
    clock: world.clock,
    sleep: world.sleep,
    dryRun: false,
    ...(options.lagBoundMs === undefined ? {} : { lagBoundMs: options.lagBoundMs }),
  };
  const clusters = async () => ({ clusters: [cluster], invalid: [] });
  const failover = createFailover(deps, clusters);
  const sweep = createSweep({ ...deps, cloudwatch, alarmPrefix: "eip-failover-dev-status-" }, clusters);
  const moved = () => notices.filter((n) => n.detailType === DETAIL_TYPES.moved);
  return {
    world,
    notices,
    moved,
    decide: (event: unknown) => failover(event, context),
    sweep: () => sweep(scheduled, context),
  };
}
/** A stopped at T0 (a change that lags like any), and EventBridge's event about it. */
function stopA(world: ReturnType<typeof laggingEc2>) {
  world.change.stop(A.instanceId);
  return instanceStateChange({ instanceId: A.instanceId, state: "stopped", time: T0 });
}
const outcomeOf = (report: FailoverReport) => report.addresses[0]?.result;

describe("the controller while EC2's reads lag: one move, one notice", () => {
  it("the event arrives while reads still show A running: the recovery it contradicts is read again after the bound, and the address moves", async () => {
    // Prepare
    const { world, decide, moved } = setUp(web());
    const event = stopA(world);
    world.advance(500);
    // Act
    const report = await decide(event);
    // Assess
    expect(outcomeOf(report)).toMatchObject({ outcome: "moved", from: A.instanceId, to: B.instanceId });
    expect(world.truth.holder()).toBe(B.instanceId);
    expect(world.calls.filter((c) => c.action === "DescribeInstanceStatus")).toHaveLength(2);
    expect(moved()).toHaveLength(1);
  });

  it("the same event with exact reads assumed (bound 0): the lagging read is believed and A is taken for recovered — nothing moves", async () => {
    const { world, decide } = setUp(web(), { lagBoundMs: 0 });
    const event = stopA(world);
    world.advance(500);
    const report = await decide(event);
    expect(outcomeOf(report)).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining("has recovered"),
    });
    expect(world.mutating()).toEqual([]);
  });

  it("a move, then its reconcile, in that order, the reconcile's script first waiting out the bound on the node; the move trusts AssociateAddress' answer (no read after it)", async () => {
    const { world, decide } = setUp(web());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    const actions = world.calls.map((c) => c.action);
    expect(actions.slice(actions.indexOf("DisassociateAddress"))).toEqual([
      "DisassociateAddress",
      "AssociateAddress",
      "SendCommand",
    ]);
    // Pacemaker's refresh reads where the address is: on the node, it waits until reads show the move
    expect(world.calls.find((c) => c.action === "SendCommand")?.input).toMatchObject({
      Parameters: {
        commands: [
          "sleep 3",
          `for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then ${RECONCILE} && exit 0; fi; sleep 5; done; exit 1`,
        ],
      },
    });
  });

  it("a duplicate event inside the window: the stale 'A holds it' costs one refused disassociate and a confirming read — skipped, no second move, one moved notice", async () => {
    // Prepare: the first decision moves the address; reads show A for 2.5 s more
    const { world, decide, notices, moved } = setUp(web());
    const event = stopA(world);
    world.advance(3_000);
    const first = await decide(event);
    world.advance(1_000);
    // Act
    const second = await decide(event);
    // Assess
    expect(outcomeOf(first)?.outcome).toBe("moved");
    expect(outcomeOf(second)).toEqual({
      outcome: "skipped",
      reason: `${ALLOC} is already on network interface ${B.networkInterfaceId}`,
    });
    expect(world.mutating()).toEqual(["DisassociateAddress", "AssociateAddress", "DisassociateAddress"]);
    expect(world.calls.filter((c) => c.action === "SendCommand")).toHaveLength(1);
    expect(moved()).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(world.truth.holder()).toBe(B.instanceId);
  });

  it("the duplicate with exact reads assumed (bound 0) reports a false conflict: what the bound prevents", async () => {
    const { world, decide, notices } = setUp(web(), { lagBoundMs: 0 });
    world.change.stop(A.instanceId);
    world.advance(3_000); // A's stop shows by now
    const event = instanceStateChange({ instanceId: A.instanceId, state: "stopped", time: T0 });
    await decide(event);
    world.advance(1_000);
    const second = await decide(event);
    expect(outcomeOf(second)).toEqual({
      outcome: "conflict",
      holder: `instance ${A.instanceId} (${A.networkInterfaceId})`,
    });
    expect(notices.map((n) => n.detailType)).toEqual([DETAIL_TYPES.moved, DETAIL_TYPES.conflict]);
  });

  it("a sweep right after the move reads 'A holds it, A is down': it hands it to the decision, whose compare-and-swap finds the move — skipped, no move, no notice", async () => {
    // Prepare
    const { world, decide, sweep, notices } = setUp(web());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(200);
    // Act
    const report = await sweep();
    // Assess
    expect(report.addresses).toHaveLength(1);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(world.calls.filter((c) => c.action === "AssociateAddress")).toHaveLength(1);
    expect(world.calls.filter((c) => c.action === "SendCommand")).toHaveLength(1);
    expect(notices.map((n) => n.detailType)).toEqual([DETAIL_TYPES.moved]);
    expect(world.truth.holder()).toBe(B.instanceId);
  });

  it("a sweep that moved what a lost event left, then a second sweep inside the window: the second stands down", async () => {
    // Prepare: no event; A stopped long ago
    const { world, sweep, moved } = setUp(web());
    world.change.stop(A.instanceId);
    world.advance(60_000);
    const first = await sweep();
    world.advance(1_000);
    // Act
    const second = await sweep();
    // Assess
    expect(first.addresses[0]?.result.outcome).toBe("moved");
    expect(second.addresses.map((a) => a.result.outcome)).toEqual(["skipped"]);
    expect(world.calls.filter((c) => c.action === "AssociateAddress")).toHaveLength(1);
    expect(moved()).toHaveLength(1);
  });

  it("Pacemaker re-took the address on B after the reconcile's probe (a new association) inside the window: a duplicate still stands down without a conflict", async () => {
    // Prepare: the controller moves it; B's agent starts again after the refresh and re-associates it to B
    const { world, decide, notices } = setUp(web());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(300);
    world.change.associate(B.instanceId, true);
    world.advance(300);
    // Act
    const second = await decide(event);
    // Assess
    expect(outcomeOf(second)?.outcome).toBe("skipped");
    expect(notices.map((n) => n.detailType)).toEqual([DETAIL_TYPES.moved]);
  });

  it("Pacemaker moved the address to B a second before the controller looked: no move by the controller, no conflict", async () => {
    const { world, decide, notices } = setUp(web());
    const event = stopA(world);
    world.advance(3_000);
    world.change.associate(B.instanceId, true); // the agent's start on B
    world.advance(1_000);
    const report = await decide(event);
    expect(outcomeOf(report)?.outcome).toBe("skipped");
    expect(world.mutating()).toEqual(["DisassociateAddress"]);
    expect(notices).toEqual([]);
  });

  it("a status alarm: fence, move; a duplicate inside the window reads A running, fences again (an idempotent stop) but moves nothing and tells nothing", async () => {
    // Prepare
    const { world, decide, moved, notices } = setUp(web({ fencing: "stop" }));
    world.impair(A.instanceId);
    const alarm = alarmStateChange({
      alarmName: "web-A",
      instanceId: A.instanceId,
      state: "ALARM",
      time: T0,
    });
    const first = await decide(alarm);
    world.advance(1_000);
    // Act
    const second = await decide(alarm);
    // Assess
    expect(outcomeOf(first)?.outcome).toBe("moved");
    expect(outcomeOf(second)?.outcome).toBe("skipped");
    expect(world.mutating()).toEqual([
      "StopInstances",
      "DisassociateAddress",
      "AssociateAddress",
      "StopInstances",
      "DisassociateAddress",
    ]);
    expect(moved()).toHaveLength(1);
    expect(notices).toHaveLength(1);
  });

  it("reads that lag longer than the bound: the duplicate neither moves nor claims a conflict; it fails transiently and its retry, after the lag, stands down", async () => {
    // Prepare: 10 s of lag against the 3 s bound
    const { world, decide, notices } = setUp(web(), { lagMs: 10_000 });
    world.change.stop(A.instanceId);
    world.advance(10_000);
    world.setLag(10_000);
    const event = instanceStateChange({ instanceId: A.instanceId, state: "stopped", time: T0 });
    await decide(event);
    world.advance(1_000);
    // Act
    const second = await decide(event).catch((e: unknown) => e);
    world.advance(10_000);
    const retry = await decide(event);
    // Assess
    expect(second).toBeInstanceOf(RetryableFailover);
    expect(outcomeOf(retry)?.outcome).toBe("skipped");
    expect(world.calls.filter((c) => c.action === "AssociateAddress")).toHaveLength(1);
    expect(notices.map((n) => [n.detailType, n.detail.errorReason])).toEqual([
      [DETAIL_TYPES.moved, undefined],
      [DETAIL_TYPES.error, "unavailable"],
    ]);
  });
});

describe("routes while EC2's reads lag: a route look is confirmed when someone else acted on the set", () => {
  const replaces = (world: ReturnType<typeof laggingEc2>) =>
    world.calls.filter((c) => c.action === "ReplaceRoute" || c.action === "CreateRoute");
  /** Route-only, fenced: the overlay of the "sap" example in docs/deploy.md, step 7. */
  const overlayOnly = (over: Partial<Cluster> = {}) => withRoute({ addresses: [], ...over });

  it("the set's mover (its address moved by this decision) moves the routes at once: no wait, one moved notice per item", async () => {
    // Prepare
    const { world, decide, moved } = setUp(withRoute());
    const event = stopA(world);
    world.advance(3_000);
    // Act
    const report = await decide(event);
    // Assess
    expect(report.routes[0]?.result).toMatchObject({ outcome: "moved", to: B.instanceId });
    expect(TABLES.map((t) => world.truth.route(t))).toEqual([B.networkInterfaceId, B.networkInterfaceId]);
    expect(replaces(world)).toHaveLength(2);
    expect(moved()).toHaveLength(2);
    const [look, reread] = world.answered("DescribeRouteTables") as [number, number];
    expect(reread - look).toBeLessThan(1_000); // no lag bound waited
  });

  it("a duplicate inside the window: its address's compare-and-swap finds the move, so its route look is confirmed a bound later — no second ReplaceRoute, no notice", async () => {
    // Prepare
    const { world, decide, notices } = setUp(withRoute());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(500);
    // Act
    const second = await decide(event);
    // Assess
    expect(second.addresses[0]?.result.outcome).toBe("skipped");
    expect(second.routes[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(replaces(world)).toHaveLength(2);
    expect(notices.map((n) => n.detailType)).toEqual([DETAIL_TYPES.moved, DETAIL_TYPES.moved]);
  });

  it("a duplicate whose address read is already fresh (it skips the address, held by B) while its route read lags: the route look is confirmed — no second ReplaceRoute", async () => {
    // Prepare: address changes show after 0.5 s, route changes after 2.9 s
    const { world, decide, moved } = setUp(withRoute());
    world.setLag(500, "address");
    world.setLag(2_900, "route");
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(1_000);
    // Act
    const second = await decide(event);
    // Assess
    expect(second.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining("held by"),
    });
    expect(second.routes[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(replaces(world)).toHaveLength(2);
    expect(moved()).toHaveLength(2);
  });

  it("a duplicate whose look still shows A but whose compare-and-swap re-read is fresh (no wait there), while its route read lags: the refused address confirms the route look", async () => {
    // Prepare: the duplicate looks just before the address change shows, and re-reads just after
    const { world, decide, moved } = setUp(withRoute());
    world.setLag(2_500, "address");
    world.setLag(2_900, "route");
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    const associated = world.answered("AssociateAddress")[0] as number;
    world.advance(associated + 2_500 - 50 - world.clock());
    // Act
    const second = await decide(event);
    // Assess
    expect(second.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining("already on"),
    });
    expect(world.calls.filter((c) => c.action === "DescribeAddresses")).toHaveLength(3); // no confirming read
    expect(second.routes[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(replaces(world)).toHaveLength(2);
    expect(moved()).toHaveLength(2);
  });

  it("route-only and fenced: a duplicate's stop finds A already stopping (someone fenced it), so its route look is confirmed — no second ReplaceRoute", async () => {
    // Prepare
    const { world, decide, moved } = setUp(overlayOnly({ fencing: "stop" }));
    world.impair(A.instanceId);
    const alarm = alarmStateChange({
      alarmName: "web-A",
      instanceId: A.instanceId,
      state: "ALARM",
      time: T0,
    });
    await decide(alarm);
    world.advance(500);
    // Act
    const second = await decide(alarm);
    // Assess
    expect(second.routes[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(replaces(world)).toHaveLength(2);
    expect(moved()).toHaveLength(1);
  });

  it("route-only: a sweep inside the window confirms every route look (its reads may lag a move seconds old) — no second ReplaceRoute, no notice", async () => {
    // Prepare
    const { world, decide, sweep, notices } = setUp(overlayOnly());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(300);
    // Act
    const swept = await sweep();
    // Assess
    expect(swept.routes.map((r) => r.result.outcome)).toEqual(["skipped"]);
    expect(replaces(world)).toHaveLength(2);
    expect(notices.map((n) => n.detailType)).toEqual([DETAIL_TYPES.moved]);
  });

  it("the same sweep with exact reads assumed (bound 0) replaces both tables again and says 'moved' twice: what the bound prevents", async () => {
    const { world, decide, sweep, moved } = setUp(overlayOnly(), { lagBoundMs: 0 });
    world.change.stop(A.instanceId);
    world.advance(3_000);
    await decide(instanceStateChange({ instanceId: A.instanceId, state: "stopped", time: T0 }));
    world.advance(300);
    await sweep();
    expect(replaces(world)).toHaveLength(4);
    expect(moved()).toHaveLength(2);
  });

  it("Pacemaker moved the set (address and route) to B a second before the controller looked: the refused address confirms the route look — nothing replaced", async () => {
    const { world, decide, notices } = setUp(withRoute());
    const event = stopA(world);
    world.advance(3_000);
    world.change.associate(B.instanceId, true); // the eip agent's start on B
    for (const t of TABLES) world.change.route(t, B.networkInterfaceId, false); // the route agent's
    world.advance(1_000);
    const report = await decide(event);
    expect(report.routes[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(replaces(world)).toHaveLength(0);
    expect(notices).toEqual([]);
  });

  it("the limit: route-only, unfenced, a duplicate inside the window that finds no one's trace replaces both tables again, to the same interface (traffic unchanged) — and says so", async () => {
    const { world, decide, moved } = setUp(overlayOnly());
    const event = stopA(world);
    world.advance(3_000);
    await decide(event);
    world.advance(500);
    await decide(event);
    expect(replaces(world)).toHaveLength(4);
    expect(TABLES.map((t) => world.truth.route(t))).toEqual([B.networkInterfaceId, B.networkInterfaceId]);
    expect(moved()).toHaveLength(2);
  });
});
