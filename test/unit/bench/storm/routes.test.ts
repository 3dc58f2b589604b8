import { describe, expect, it } from "vitest";
import { f5Seconds, parseRouteShapes, routeStormTable } from "../../../../bench/storm/routes.ts";
import { meetsTargets, stormRow } from "../../../../bench/storm/table.ts";
import type { DrillReport } from "../../../../cli/drill/summary.ts";

/** A drill report with just what a storm row reads. */
const report = (over: Partial<DrillReport> = {}): DrillReport => ({
  scenario: "az-outage",
  dryRun: false,
  ok: true,
  verdict: "all moved",
  expectation: "",
  oldHolder: "",
  newHolder: "",
  seconds: 95,
  addresses: { total: 0, moved: 0, lost: 0, onStopped: 0 },
  routes: { total: 500, moved: 500, lost: 0, onStopped: 0 },
  outcomes: {},
  handlerErrors: 0,
  calls: { total: 1200, mutating: 500, throttled: 10, byAction: {}, mutatingPerMove: undefined },
  invocations: { invocations: 5, peakConcurrent: 2, invocationMs: 120_000, deadLettered: 0 },
  timeline: [],
  ...over,
});

describe("the route storm's rows", () => {
  it("parses CLUSTERSxROUTESxTABLES lists", () => {
    expect(parseRouteShapes("50x1x10,1x50x10")).toEqual([
      { clusters: 50, routes: { perCluster: 1, tables: 10 } },
      { clusters: 1, routes: { perCluster: 50, tables: 10 } },
    ]);
  });

  it.each(["50x10", "0x1x10", "50x51x1", "50x1x0", "5001x1x1", "ax1x1"])(
    "refuses %s, naming it and the expected form",
    (item) => {
      expect(() => parseRouteShapes(item)).toThrow(
        `--routes item '${item}' is not valid (expected CLUSTERSxROUTESxTABLES`,
      );
    },
  );

  it("bounds a route storm by one mutating call per route entry: 500 entries from a full bucket, 90 s", () => {
    // Act
    const row = stormRow(report(), 50, 2, 0, { perCluster: 1, tables: 10 });
    // Assess
    expect(row).toMatchObject({ entries: 500, callsPerEntry: 1, boundSeconds: 90, moved: 500, lost: 0 });
    expect(meetsTargets(row)).toBe(true); // 95 s ≤ 99 s, 0.02 throttled per accepted call
  });

  it("fails the targets when the wall time passes 1.1 × the bound, an entry is lost, or EC2 refuses too often", () => {
    const shape = { perCluster: 1, tables: 10 };
    expect(meetsTargets(stormRow(report({ seconds: 99.1 }), 50, 2, 0, shape))).toBe(false);
    const lost = report({ routes: { total: 500, moved: 499, lost: 1, onStopped: 0 } });
    expect(meetsTargets(stormRow(lost, 50, 2, 0, shape))).toBe(false);
    const refused = report({ calls: { ...report().calls, throttled: 101 } });
    expect(meetsTargets(stormRow(refused, 50, 2, 0, shape))).toBe(false);
  });

  it("counts every entry lost when the report has no route counts", () => {
    const { routes: _, ...without } = report();
    const row = stormRow(without as DrillReport, 50, 2, 0, { perCluster: 1, tables: 10 });
    expect(row).toMatchObject({ moved: 0, lost: 500 });
  });

  it("puts F5 CFE's published time beside the runs it published one for", () => {
    expect([50, 100, 200, 500, 250].map(f5Seconds)).toEqual([5, 5, 15, 90, undefined]);
    const table = routeStormTable([stormRow(report(), 50, 2, 0, { perCluster: 1, tables: 10 })]);
    expect(table.split("\n")[2]).toMatch(
      /^\| 50 × 1 × 10 \| 500 \| 0 \| 0 \| 2 × 10 \| 95\.0 \| 90 \| 1\.056× \| 90 s \|/,
    );
    expect(table).toMatch(/\| PASS \|$/);
  });
});
