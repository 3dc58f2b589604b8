import { describe, expect, it } from "vitest";
import type { AddressSnapshot, MemberHealth } from "../../../core/index.ts";
import type { Cluster } from "../../../functions/cluster-schema.ts";
import { downHolders, type FleetView, planSweep } from "../../../functions/sweep-plan.ts";

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
): FleetView => ({
  addresses: new Map(addresses.map((a) => [a.allocationId, a])),
  health: new Map(members),
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
