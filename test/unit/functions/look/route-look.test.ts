import { describe, expect, it } from "vitest";
import type { RouteHop, RouteSnapshot } from "../../../../core/index.ts";
import { heldBy, routeFirstLook, tablesToMove } from "../../../../functions/look/route-look.ts";
import type { Failure } from "../../../../functions/types.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
const DEST = "192.168.100.10/32";
const failed = { instanceId: A, networkInterfaceId: ENI_A };
const stopped: Failure = { instanceId: A, cause: "state-change", detail: "stopped", at: 0 };
const terminated: Failure = { ...stopped, detail: "terminated" };
const toA: RouteHop = { networkInterfaceId: ENI_A, instanceId: A, blackhole: false };
const toB: RouteHop = { networkInterfaceId: ENI_B, blackhole: false };
const seen = (...routes: (RouteHop | undefined)[]): RouteSnapshot => ({
  destination: DEST,
  tables: routes.map((route, i) => ({ routeTableId: `rtb-0${i + 1}`, ...(route ? { route } : {}) })),
});

describe("heldBy: a table's route sends the destination to the failed member", () => {
  it.each([
    ["its interface", { networkInterfaceId: ENI_A, blackhole: false }, true],
    ["its interface, a blackhole", { networkInterfaceId: ENI_A, blackhole: true }, true],
    ["its instance (a route made to an instance id)", { instanceId: A, blackhole: false }, true],
    ["another member's interface", toB, false],
    ["a gateway", { other: "igw-0123456789abcdef0", blackhole: false }, false],
    ["no route", undefined, false],
  ] as const)("%s → %s", (_, hop, held) => {
    expect(heldBy(hop, failed)).toBe(held);
  });

  it("without the failed member's interface, only its instance id counts", () => {
    expect(heldBy({ networkInterfaceId: ENI_A, blackhole: false }, { instanceId: A })).toBe(false);
    expect(heldBy({ other: "igw-0123456789abcdef0", blackhole: false }, { instanceId: A })).toBe(false);
  });
});

describe("routeFirstLook: what to do about one route at the first look", () => {
  it("tables routing it to the failed member wait out the window; another member's table is left alone", () => {
    // Act
    const look = routeFirstLook(seen(toA, toB, undefined), stopped, failed);
    // Assess
    expect(look).toEqual({ action: "wait-then-move", held: ["rtb-01"], missing: ["rtb-03"] });
  });

  it("a blackhole to the failed member's interface after a termination (interface deleted) moves now", () => {
    const gone = { ...toA, blackhole: true };
    expect(routeFirstLook(seen(gone, toA), terminated, failed)).toEqual({
      action: "move-orphan",
      held: ["rtb-01", "rtb-02"],
      missing: [],
    });
  });

  it.each([
    ["a blackhole after a stop: Pacemaker still goes first", stopped, true],
    ["a live route after a termination: the interface is not gone yet", terminated, false],
    [
      "an alarm naming a terminated-like word is not a termination",
      { ...stopped, cause: "alarm", detail: "terminated" } as Failure,
      true,
    ],
  ])("%s", (_, failure, blackhole) => {
    expect(routeFirstLook(seen({ ...toA, blackhole }), failure, failed)).toMatchObject({
      action: "wait-then-move",
    });
  });

  it("tables with no route only join a set that moves anyway", () => {
    expect(routeFirstLook(seen(undefined, toB), stopped, failed)).toEqual({
      action: "join",
      held: [],
      missing: ["rtb-01"],
    });
  });

  it("routed elsewhere in every table: skipped, saying where each table sends it", () => {
    const look = routeFirstLook(
      seen(toB, { other: "igw-0123456789abcdef0", blackhole: false }),
      stopped,
      failed,
      30,
    );
    expect(look).toEqual({
      action: "skip",
      reason: `${DEST} is routed elsewhere than the failed ${A} in every listed table (rtb-01 → network interface ${ENI_B}, rtb-02 → igw-0123456789abcdef0): already handled (Pacemaker moved it within the grace period, or someone since)`,
    });
    expect(routeFirstLook(seen(toB), stopped, failed)).toMatchObject({
      reason: expect.stringMatching(/already handled$/),
    });
  });
});

describe("tablesToMove: the snapshot narrowed to the tables a move may change", () => {
  it("keeps held and missing tables in listed order, never another member's", () => {
    const snapshot = seen(undefined, toB, toA);
    const narrowed = tablesToMove(snapshot, routeFirstLook(snapshot, stopped, failed));
    expect(narrowed).toEqual({
      destination: DEST,
      tables: [{ routeTableId: "rtb-01" }, { routeTableId: "rtb-03", route: toA }],
    });
  });

  it("a skipped route has no table to change", () => {
    expect(tablesToMove(seen(toB), { action: "skip", reason: "x" })).toEqual({
      destination: DEST,
      tables: [],
    });
  });
});
