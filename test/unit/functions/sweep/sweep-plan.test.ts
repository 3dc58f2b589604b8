import { describe, expect, it } from "vitest";
import type { AddressSnapshot, MemberHealth, RouteHop } from "../../../../core/index.ts";
import type { Cluster } from "../../../../functions/clusters/schema.ts";
import {
  downHolders,
  type FleetView,
  holdingsOf,
  planSweep,
} from "../../../../functions/sweep/sweep-plan.ts";
import { ENI_A, ENI_B, ENI_X, OVERLAY, T1, T2, to } from "../../../support/routes.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const X = "i-0eeeeeeeeeeeeeee1";
const E1 = "eipalloc-0000000000000000a";
const E2 = "eipalloc-0000000000000000b";
const NOW = Date.parse("2026-11-30T05:00:00Z");
const GRACE = 30;

const web: Cluster = {
  name: "web",
  addresses: [{ allocationId: E1 }],
  routes: [],
  members: [{ instanceId: A }, { instanceId: B }],
  fencing: "stop",
  graceSeconds: GRACE,
};
const on = (allocationId: string, instanceId?: string): AddressSnapshot => ({
  allocationId,
  publicIp: "203.0.113.10",
  domain: "vpc",
  ...(instanceId ? { association: { associationId: `eipassoc-${allocationId.slice(-4)}`, instanceId } } : {}),
});
const health = (instanceId: string, state: MemberHealth["state"], over: Partial<MemberHealth> = {}) =>
  [
    instanceId,
    { instanceId, state, availabilityZone: "ap-northeast-1a", statusOk: state === "running", ...over },
  ] as const;
const view = (
  addresses: AddressSnapshot[],
  members: (readonly [string, MemberHealth])[],
  downSince: [string, number | undefined][] = [],
  routeTables: [string, [string, RouteHop][]][] = [],
): FleetView => ({
  addresses: new Map(addresses.map((a) => [a.allocationId, a])),
  health: new Map(members),
  routeTables: new Map(routeTables.map(([id, routes]) => [id, new Map(routes)])),
  downSince: new Map(downSince),
});
const healthy = [health(A, "running"), health(B, "running")];

describe("planSweep: what the sweep hands to the event path, from one batched look", () => {
  it("a healthy fleet: nothing to do", () => {
    expect(planSweep([web], view([on(E1, A)], healthy), NOW)).toEqual({
      targets: [],
      waiting: [],
      missing: [],
    });
  });

  it("a holder stopped for at least graceSeconds (by its state transition time) is a state-change failure", () => {
    // Prepare
    const at = NOW - GRACE * 1000;
    // Act
    const plan = planSweep([web], view([on(E1, A)], [health(A, "stopped"), healthy[1]!], [[A, at]]), NOW);
    // Assess
    expect(plan.targets).toEqual([
      { cluster: web, failure: { instanceId: A, cause: "state-change", detail: "stopped", at } },
    ]);
    expect(plan.waiting).toEqual([]);
  });

  it("inside the grace window it waits, saying until when; an undated failure is never moved here", () => {
    const inside = planSweep(
      [web],
      view([on(E1, A)], [health(A, "stopped"), healthy[1]!], [[A, NOW - 1000]]),
      NOW,
    );
    expect(inside.targets).toEqual([]);
    expect(inside.waiting).toEqual([
      { cluster: "web", allocationId: E1, instanceId: A, until: NOW - 1000 + GRACE * 1000 },
    ]);
    const undated = planSweep(
      [web],
      view([on(E1, A)], [health(A, "stopping"), healthy[1]!], [[A, undefined]]),
      NOW,
    );
    expect(undated.targets).toEqual([]);
    expect(undated.waiting[0]?.until).toBeUndefined();
  });

  it("a running holder impaired since before the window is an alarm-like failure dated by ImpairedSince", () => {
    const since = NOW - 60_000;
    const plan = planSweep(
      [web],
      view([on(E1, A)], [health(A, "running", { statusOk: false, impairedSince: since }), healthy[1]!]),
      NOW,
    );
    expect(plan.targets[0]?.failure).toEqual({
      instanceId: A,
      cause: "alarm",
      detail: "status checks impaired",
      at: since,
    });
  });

  it("an unassociated address of a cluster with a terminated member is placed at once", () => {
    const plan = planSweep([web], view([on(E1)], [health(A, "terminated"), healthy[1]!]), NOW);
    expect(plan.targets).toEqual([
      { cluster: web, failure: { instanceId: A, cause: "state-change", detail: "terminated", at: NOW } },
    ]);
  });

  it.each([
    [
      "unassociated while every member merely stopped or runs",
      view([on(E1)], [health(A, "stopped"), healthy[1]!]),
    ],
    ["held by a non-member (an operator's choice)", view([on(E1, X)], [health(A, "stopped"), healthy[1]!])],
    [
      "held by a non-member that is down itself",
      view([on(E1, X)], [health(X, "stopped"), ...healthy], [[X, NOW - 3_600_000]]),
    ],
    [
      "still associated with a terminated holder inside its window (EC2 detaches it; until then it waits)",
      view([on(E1, A)], [health(A, "terminated"), healthy[1]!], [[A, NOW - 1000]]),
    ],
    ["held by a member that is pending again", view([on(E1, A)], [health(A, "pending"), healthy[1]!])],
  ])("leaves alone an address %s", (_, fleet) => {
    expect(planSweep([web], fleet, NOW).targets).toEqual([]);
  });

  it("one target per cluster and failed member, with just the addresses it holds; a missing address is named", () => {
    // Prepare
    const two: Cluster = {
      ...web,
      addresses: [{ allocationId: E1 }, { allocationId: E2 }, { allocationId: "eipalloc-0000000000000000c" }],
    };
    const fleet = view([on(E1, A), on(E2, A)], [health(A, "stopped"), healthy[1]!], [[A, NOW - 3_600_000]]);
    // Act
    const plan = planSweep([two], fleet, NOW);
    // Assess
    expect(plan.targets).toHaveLength(1);
    expect(plan.targets[0]?.cluster.addresses).toEqual([{ allocationId: E1 }, { allocationId: E2 }]);
    expect(plan.missing).toEqual([{ cluster: "web", allocationId: "eipalloc-0000000000000000c" }]);
  });
});

describe("downHolders: whose down time the sweep must read (none for a healthy fleet)", () => {
  it("names only members that hold an address while down", () => {
    const fleet = view([on(E1, A)], [health(A, "stopped"), health(B, "stopped")]);
    expect(downHolders([web], fleet)).toEqual([A]);
    expect(downHolders([web], view([on(E1, A)], healthy))).toEqual([]);
  });
});

const OVERLAY6 = "fd00:ec2::10/128";
const overlay = { destination: OVERLAY, routeTableIds: [T1, T2] };
const eniMembers = [
  { instanceId: A, networkInterfaceId: ENI_A },
  { instanceId: B, networkInterfaceId: ENI_B },
];
/** The classic cluster with the overlay route in both tables. */
const both: Cluster = { ...web, routes: [overlay], members: eniMembers };
/** An overlay-only cluster: no address at all. */
const routeOnly: Cluster = { ...both, addresses: [] };
/** T1 and T2 each routing the overlay to `t1` and `t2`. */
const tables = (t1?: RouteHop, t2: RouteHop | undefined = t1): [string, [string, RouteHop][]][] => [
  [T1, t1 ? [[OVERLAY, t1]] : []],
  [T2, t2 ? [[OVERLAY, t2]] : []],
];
const stoppedA = [health(A, "stopped"), healthy[1]!];

describe("planSweep with overlay routes: a route a failed member holds is handled as its address is", () => {
  it("a healthy fleet with routes: nothing to do", () => {
    expect(planSweep([both], view([on(E1, A)], healthy, [], tables(to(ENI_A))), NOW)).toEqual({
      targets: [],
      waiting: [],
      missing: [],
    });
  });

  it("the address and the route on A, stopped past the window: ONE target with both, so they move as one set", () => {
    // Prepare
    const at = NOW - GRACE * 1000;
    const fleet = view([on(E1, A)], stoppedA, [[A, at]], tables(to(ENI_A)));
    // Act
    const plan = planSweep([both], fleet, NOW);
    // Assess
    expect(plan.targets).toEqual([
      { cluster: both, failure: { instanceId: A, cause: "state-change", detail: "stopped", at } },
    ]);
    expect(plan.waiting).toEqual([]);
  });

  it("an overlay-only cluster (no addresses): its route on a stopped A is a target of its own", () => {
    const at = NOW - 3_600_000;
    const plan = planSweep([routeOnly], view([], stoppedA, [[A, at]], tables(to(ENI_A))), NOW);
    expect(plan.targets).toEqual([
      {
        cluster: { ...routeOnly, addresses: [], routes: [overlay] },
        failure: { instanceId: A, cause: "state-change", detail: "stopped", at },
      },
    ]);
  });

  it("inside the grace window the route waits too, named by its destination, until the same time as the address", () => {
    const at = NOW - 1000;
    const plan = planSweep([both], view([on(E1, A)], stoppedA, [[A, at]], tables(to(ENI_A))), NOW);
    expect(plan.targets).toEqual([]);
    expect(plan.waiting).toEqual([
      { cluster: "web", instanceId: A, until: at + GRACE * 1000, allocationId: E1 },
      { cluster: "web", instanceId: A, until: at + GRACE * 1000, destination: OVERLAY },
    ]);
  });

  it("an undated failure: the route waits with no end, like the address", () => {
    const plan = planSweep(
      [routeOnly],
      view([], [health(A, "stopping"), healthy[1]!], [[A, undefined]], tables(to(ENI_A))),
      NOW,
    );
    expect(plan.targets).toEqual([]);
    expect(plan.waiting).toEqual([{ cluster: "web", instanceId: A, until: undefined, destination: OVERLAY }]);
  });

  it("one table still at A, the other already at B (a half-finished move): A holds the route", () => {
    const at = NOW - GRACE * 1000;
    const plan = planSweep([routeOnly], view([], stoppedA, [[A, at]], tables(to(ENI_B), to(ENI_A))), NOW);
    expect(plan.targets.map((t) => [t.failure.instanceId, t.cluster.routes])).toEqual([[A, [overlay]]]);
  });

  it("a running A impaired since before the window: its route is an alarm-like target", () => {
    const since = NOW - 60_000;
    const fleet = view(
      [],
      [health(A, "running", { statusOk: false, impairedSince: since }), healthy[1]!],
      [],
      tables(to(ENI_A)),
    );
    expect(planSweep([routeOnly], fleet, NOW).targets[0]?.failure).toEqual({
      instanceId: A,
      cause: "alarm",
      detail: "status checks impaired",
      at: since,
    });
  });

  it("a blackhole route at a terminated A (its interface gone) is its orphaned address: handed over at once, dated by the termination", () => {
    // Prepare: A terminated a second ago, well inside the window
    const at = NOW - 1000;
    const fleet = view([], [health(A, "terminated"), healthy[1]!], [[A, at]], tables(to(ENI_A, true)));
    // Act
    const plan = planSweep([routeOnly], fleet, NOW);
    // Assess
    expect(plan.waiting).toEqual([]);
    expect(plan.targets).toEqual([
      {
        cluster: { ...routeOnly, routes: [overlay] },
        failure: { instanceId: A, cause: "state-change", detail: "terminated", at },
      },
    ]);
  });

  it("a terminated A, its address orphaned and its route still active: the whole set at once, not split for a window", () => {
    // Prepare: inside the window, so the route alone would wait
    const at = NOW - 1000;
    const fleet = view([on(E1)], [health(A, "terminated"), healthy[1]!], [[A, at]], tables(to(ENI_A)));
    // Act
    const plan = planSweep([both], fleet, NOW);
    // Assess: handed with the termination's own time; the event path moves the set at once for the orphan
    expect(plan.waiting).toEqual([]);
    expect(plan.targets).toEqual([
      {
        cluster: { ...both, addresses: [{ allocationId: E1 }], routes: [overlay] },
        failure: { instanceId: A, cause: "state-change", detail: "terminated", at },
      },
    ]);
  });

  it("a terminated A whose route EC2 still shows active (moto does): the grace window from the termination, as for a held address", () => {
    const fleet = view([], [health(A, "shutting-down"), healthy[1]!], [[A, NOW - 1000]], tables(to(ENI_A)));
    expect(planSweep([routeOnly], fleet, NOW).waiting).toEqual([
      { cluster: "web", instanceId: A, until: NOW - 1000 + GRACE * 1000, destination: OVERLAY },
    ]);
  });

  it("a blackhole route at a member EC2 no longer reports (terminated long ago): moved at once, as a termination's orphaned address", () => {
    const plan = planSweep([routeOnly], view([], [healthy[1]!], [], tables(to(ENI_A, true))), NOW);
    expect(plan.targets).toEqual([
      {
        cluster: { ...routeOnly, routes: [overlay] },
        failure: { instanceId: A, cause: "state-change", detail: "terminated", at: NOW },
      },
    ]);
  });

  it.each([
    [
      "at a healthy member's interface, blackhole or not",
      [health(A, "running"), healthy[1]!],
      tables(to(ENI_A, true)),
    ],
    ["at a non-member's interface (an operator's choice)", stoppedA, tables(to(ENI_X))],
    ["at a gateway", stoppedA, tables({ other: "igw-0123456789abcdef0", blackhole: false })],
    ["missing from both tables (never created)", stoppedA, tables()],
    ["at an active interface of a member EC2 no longer reports", [healthy[1]!], tables(to(ENI_A))],
    ["held by a member that is pending again", [health(A, "pending"), healthy[1]!], tables(to(ENI_A))],
  ] as const)("leaves alone a route %s", (_, members, routeTables) => {
    const plan = planSweep(
      [routeOnly],
      view([], [...members], [[A, NOW - 3_600_000]], [...routeTables]),
      NOW,
    );
    expect(plan).toEqual({ targets: [], waiting: [], missing: [] });
  });

  it("a listed route table the account does not have is named once, and the route in the other table still moves", () => {
    // Prepare: T2 is listed by two routes but EC2 returned only T1
    const at = NOW - GRACE * 1000;
    const second = { destination: OVERLAY6, routeTableIds: [T2] };
    const cluster: Cluster = { ...routeOnly, routes: [overlay, second] };
    const fleet = view([], stoppedA, [[A, at]], [[T1, [[OVERLAY, to(ENI_A)]]]]);
    // Act
    const plan = planSweep([cluster], fleet, NOW);
    // Assess
    expect(plan.missing).toEqual([{ cluster: "web", routeTableId: T2 }]);
    expect(plan.targets.map((t) => t.cluster.routes)).toEqual([[overlay]]);
  });

  it("the address on A and the route on a stopped B: two targets, each with what its member holds", () => {
    const fleet = view(
      [on(E1, A)],
      [health(A, "stopped"), health(B, "stopped")],
      [
        [A, NOW - 3_600_000],
        [B, NOW - 3_600_000],
      ],
      tables(to(ENI_B)),
    );
    const plan = planSweep([both], fleet, NOW);
    expect(plan.targets.map((t) => [t.failure.instanceId, t.cluster.addresses, t.cluster.routes])).toEqual([
      [A, [{ allocationId: E1 }], []],
      [B, [], [overlay]],
    ]);
  });

  it("an orphaned address and A's blackhole route after A's termination: one set, the address placed at once", () => {
    const terminated = [health(A, "terminated"), healthy[1]!];
    const plan = planSweep(
      [both],
      view([on(E1)], terminated, [[A, NOW - 3_600_000]], tables(to(ENI_A, true))),
      NOW,
    );
    expect(plan.targets).toEqual([
      {
        cluster: { ...both, addresses: [{ allocationId: E1 }], routes: [overlay] },
        // the termination's own time, so the route's grace window is counted from it, not from this sweep
        failure: { instanceId: A, cause: "state-change", detail: "terminated", at: NOW - 3_600_000 },
      },
    ]);
  });
});

describe("holdingsOf and downHolders with routes", () => {
  it("a route is held by the member whose interface a table points at; a down route holder's time is read", () => {
    const fleet = view([], [health(A, "running"), health(B, "stopped")], [], tables(to(ENI_A), to(ENI_B)));
    expect(holdingsOf(routeOnly, fleet).holdings).toEqual([
      { held: { route: overlay }, holder: A, blackhole: false },
      { held: { route: overlay }, holder: B, blackhole: false },
    ]);
    expect(downHolders([routeOnly], fleet)).toEqual([B]);
  });

  it("a down member holding an address and a route is read once", () => {
    expect(downHolders([both], view([on(E1, A)], stoppedA, [], tables(to(ENI_A))))).toEqual([A]);
  });

  it.each([
    ["the second", tables(to(ENI_A), to(ENI_A, true))],
    ["the first", tables(to(ENI_A, true), to(ENI_A))],
  ])("a holder is a blackhole holder when any of its tables says so (%s)", (_, routeTables) => {
    const fleet = view([], [], [], routeTables);
    expect(holdingsOf(routeOnly, fleet).holdings).toEqual([
      { held: { route: overlay }, holder: A, blackhole: true },
    ]);
  });

  it("a route holder EC2 does not report is not read for a down time", () => {
    expect(downHolders([routeOnly], view([], [healthy[1]!], [], tables(to(ENI_A))))).toEqual([]);
  });
});
