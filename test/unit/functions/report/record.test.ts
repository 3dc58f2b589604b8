import { describe, expect, it } from "vitest";
import { record } from "../../../../functions/report/record.ts";
import type { AddressOutcome, AddressReport, Deps } from "../../../../functions/types.ts";

const ALLOC = "eipalloc-0123456789abcdef0";

/** Deps that keep every metric and log line. */
function sink() {
  const metrics: [string, string, number][] = [];
  const logs: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    logs.push([level, message, extra]);
  const deps = {
    metrics: { addMetric: (name: string, unit: string, value: number) => metrics.push([name, unit, value]) },
    log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  } as unknown as Deps;
  return { deps, metrics, logs };
}
const report = (result: AddressOutcome, timings: AddressReport["timings"] = { eventLagMs: 5, graceMs: 0 }) =>
  ({ cluster: "web", allocationId: ALLOC, timings, result }) satisfies AddressReport;

describe("record: an outcome's metrics and log line (the dashboard's numbers)", () => {
  it("a move counts FailoverExecuted, its latency, and each phase that ran", () => {
    // Prepare
    const { deps, metrics } = sink();
    const timings = { eventLagMs: 5, graceMs: 0, fenceMs: 700, moveMs: 300 };
    // Act
    record(deps, report({ outcome: "moved", to: "i-b" }, timings), 1_200);
    // Assess
    expect(metrics).toEqual([
      ["FenceLatencyMs", "Milliseconds", 700],
      ["MoveLatencyMs", "Milliseconds", 300],
      ["FailoverExecuted", "Count", 1],
      ["FailoverLatencyMs", "Milliseconds", 1_200],
    ]);
  });

  it("a failed fence counts FencingFailed", () => {
    const { deps, metrics } = sink();
    record(deps, report({ outcome: "fencing-failed", reason: "stop refused" }), 0);
    expect(metrics).toEqual([["FencingFailed", "Count", 1]]);
  });

  it("a paused cluster counts FailoverPaused and logs the plan it skipped, as a warning", () => {
    const { deps, metrics, logs } = sink();
    const plan = [`AssociateAddress ${ALLOC} → instance i-b`];
    record(deps, report({ outcome: "paused", plan, since: "2026-12-06T15:00:00.000Z" }), 0);
    expect(metrics).toEqual([["FailoverPaused", "Count", 1]]);
    expect(logs).toEqual([
      [
        "warn",
        "cluster paused: not moving the address; would do",
        { cluster: "web", allocationId: ALLOC, plan, pausedSince: "2026-12-06T15:00:00.000Z" },
      ],
    ]);
  });
});
