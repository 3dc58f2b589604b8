import { describe, expect, it } from "vitest";
import type { RouteClaimResult, RouteStep } from "../../../../core/index.ts";
import { routeOutcome, tablesAfter, tablesSeen } from "../../../../functions/execute/route-outcome.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
const ENI_X = "eni-0ccccccccccccccc1";
const DEST = "192.168.100.10/32";
const step = (routeTableId: string, action: RouteStep["action"] = "ReplaceRoute"): RouteStep => ({
  action,
  routeTableId,
  destination: DEST,
  networkInterfaceId: ENI_B,
});
const claim = (over: Partial<RouteClaimResult>): RouteClaimResult => ({
  destination: DEST,
  steps: [],
  unchanged: [],
  conflicts: [],
  ...over,
});
const toX = { networkInterfaceId: ENI_X, blackhole: false };

describe("routeOutcome: what one route's compare-and-swap came to", () => {
  it("every table moved → moved, from the failed member to the standby", () => {
    expect(routeOutcome(claim({ steps: [step("rtb-01"), step("rtb-02", "CreateRoute")] }), B, A)).toEqual({
      landed: true,
      outcome: { outcome: "moved", from: A, to: B },
    });
  });

  it("a route that only joined (no table held by the failed member) moved from nobody", () => {
    expect(routeOutcome(claim({ steps: [step("rtb-01", "CreateRoute")] }), B)).toStrictEqual({
      landed: true,
      outcome: { outcome: "moved", to: B },
    });
  });

  it("a table changed by someone else is a conflict naming where it goes now, though the others moved", () => {
    const result = claim({ steps: [step("rtb-01")], conflicts: [{ routeTableId: "rtb-02", current: toX }] });
    expect(routeOutcome(result, B, A)).toEqual({
      landed: true,
      outcome: { outcome: "conflict", holder: `rtb-02 → network interface ${ENI_X}` },
    });
    const two = claim({ conflicts: [{ routeTableId: "rtb-01" }, { routeTableId: "rtb-02", current: toX }] });
    expect(routeOutcome(two, B, A)).toEqual({
      landed: false,
      outcome: { outcome: "conflict", holder: `rtb-01 → no route, rtb-02 → network interface ${ENI_X}` },
    });
  });

  it("nothing to do (already there everywhere) → skipped, nothing landed", () => {
    expect(routeOutcome(claim({ unchanged: ["rtb-01"] }), B, A)).toEqual({
      landed: false,
      outcome: {
        outcome: "skipped",
        reason: `${DEST} already routes to ${B} in every table the move was to change`,
      },
    });
  });
});

describe("tablesSeen and tablesAfter: a route's tables in its report", () => {
  it("says where each table sent it, then what the move did there", () => {
    // Prepare
    const seen = tablesSeen({
      destination: DEST,
      tables: [
        { routeTableId: "rtb-01", route: { networkInterfaceId: ENI_A, blackhole: false } },
        { routeTableId: "rtb-02" },
        { routeTableId: "rtb-03", route: { networkInterfaceId: ENI_A, blackhole: true } },
        { routeTableId: "rtb-04", route: { networkInterfaceId: ENI_B, blackhole: false } },
        { routeTableId: "rtb-05", route: { networkInterfaceId: ENI_A, blackhole: false } },
      ],
    });
    const result = claim({
      steps: [step("rtb-01"), step("rtb-02", "CreateRoute")],
      unchanged: ["rtb-03"],
      conflicts: [{ routeTableId: "rtb-05", current: toX }],
    });
    // Act
    const after = tablesAfter(seen, result);
    // Assess
    expect(after).toEqual([
      { routeTableId: "rtb-01", seen: `network interface ${ENI_A}`, done: "replaced" },
      { routeTableId: "rtb-02", seen: "no route", done: "created" },
      { routeTableId: "rtb-03", seen: `network interface ${ENI_A} (blackhole)`, done: "unchanged" },
      { routeTableId: "rtb-04", seen: `network interface ${ENI_B}` },
      {
        routeTableId: "rtb-05",
        seen: `network interface ${ENI_A}`,
        done: "conflict",
        now: `network interface ${ENI_X}`,
      },
    ]);
  });
});
