import { describe, expect, it } from "vitest";
import { reportOf, routeReportOf, type Trace } from "../../../../functions/report/trace.ts";
import type { RouteTableReport } from "../../../../functions/types.ts";

// reportOf alone (pure): what a decision learned becomes its report. The phases are read off a trace by name,
// and a phase or field that was never learned is absent from the report, not present as undefined.
const WHERE = { cluster: "web", allocationId: "eipalloc-0123456789abcdef0", failureAt: 1_000 };
const MOVED = { outcome: "moved", from: "i-0aaaaaaaaaaaaaaa1", to: "i-0bbbbbbbbbbbbbbb1" } as const;

describe("reportOf: one address's report from its trace", () => {
  it("names each phase's time by its step, and the event lag less the grace window held", () => {
    // Prepare
    const trace: Trace = {
      publicIp: "203.0.113.10",
      from: MOVED.from,
      to: MOVED.to,
      graceMs: 30_000,
      steps: { fence: 7, move: 11, reconcile: 13 },
    };
    // Act
    const report = reportOf(WHERE, 1_000 + 30_000 + 250, trace, MOVED);
    // Assess
    expect(report).toStrictEqual({
      cluster: "web",
      allocationId: WHERE.allocationId,
      publicIp: "203.0.113.10",
      from: MOVED.from,
      to: MOVED.to,
      timings: { eventLagMs: 250, graceMs: 30_000, fenceMs: 7, moveMs: 11, reconcileMs: 13 },
      result: MOVED,
    });
  });

  it("leaves out what was never learned: no public IP, holder, standby or phase keys at all", () => {
    // Act
    const report = reportOf(WHERE, 5_000, { graceMs: 0, steps: {} }, { outcome: "skipped", reason: "x" });
    // Assess
    expect(Object.keys(report).sort()).toEqual(["allocationId", "cluster", "result", "timings"]);
    expect(Object.keys(report.timings).sort()).toEqual(["eventLagMs", "graceMs"]);
    expect(report.timings).toEqual({ eventLagMs: 4_000, graceMs: 0 });
  });

  it("a phase that took 0 ms is still reported (0 is a time, undefined is not)", () => {
    const report = reportOf(WHERE, 1_000, { graceMs: 0, steps: { fence: 0, move: 0, reconcile: 0 } }, MOVED);
    expect(report.timings).toStrictEqual({
      eventLagMs: 0,
      graceMs: 0,
      fenceMs: 0,
      moveMs: 0,
      reconcileMs: 0,
    });
  });

  it("an invocation that starts before the grace window's end (a clock ahead of AWS's) has no negative lag", () => {
    const report = reportOf(WHERE, 1_000 + 100, { graceMs: 5_000, steps: {} }, MOVED);
    expect(report.timings.eventLagMs).toBe(0);
  });
});

describe("routeReportOf: one route's report from its trace", () => {
  const ROUTE = {
    cluster: "web",
    destination: "192.168.100.10/32",
    routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1"],
    failureAt: 1_000,
  };

  it("carries the tables as seen and done, when the route was read", () => {
    // Prepare
    const tables: RouteTableReport[] = [
      {
        routeTableId: "rtb-0aaaaaaaaaaaaaaa1",
        seen: "network interface eni-0aaaaaaaaaaaaaaa1",
        done: "replaced",
      },
    ];
    // Act
    const report = routeReportOf(ROUTE, 2_000, { graceMs: 0, steps: { route: 5 }, tables }, MOVED);
    // Assess
    expect(report).toStrictEqual({
      cluster: "web",
      destination: ROUTE.destination,
      routeTableIds: ROUTE.routeTableIds,
      tables,
      timings: { eventLagMs: 1_000, graceMs: 0, moveMs: 5 },
      result: MOVED,
    });
  });

  it("a route never read has no tables key at all", () => {
    const report = routeReportOf(
      ROUTE,
      2_000,
      { graceMs: 0, steps: {} },
      { outcome: "skipped", reason: "x" },
    );
    expect(Object.keys(report).sort()).toEqual([
      "cluster",
      "destination",
      "result",
      "routeTableIds",
      "timings",
    ]);
  });
});
