import { rateBoundSeconds } from "../../cli/drill/bound.ts";
import type { DrillReport } from "../../cli/drill/summary.ts";

/** One az-outage run as the storm benchmark reports it. */
export interface StormRow {
  readonly clusters: number;
  readonly concurrency: number;
  readonly wallSeconds: number;
  /** The mutating bucket's bound for the calls the design makes: 2 per move (compare-and-swap). */
  readonly boundSeconds: number;
  readonly mutating: number;
  readonly throttled: number;
  readonly totalCalls: number;
  readonly callsPerMove: number | undefined;
  readonly moved: number;
  readonly lost: number;
  readonly onStopped: number;
  readonly handlerErrors: number;
  readonly ok: boolean;
}

/** The row for one report. Pure. */
export function stormRow(report: DrillReport, clusters: number, concurrency: number): StormRow {
  return {
    clusters,
    concurrency,
    wallSeconds: report.seconds,
    boundSeconds: rateBoundSeconds(2 * clusters),
    mutating: report.calls.mutating,
    throttled: report.calls.throttled,
    totalCalls: report.calls.total,
    callsPerMove: report.calls.mutatingPerMove,
    moved: report.addresses.moved,
    lost: report.addresses.lost,
    onStopped: report.addresses.onStopped,
    handlerErrors: report.handlerErrors,
    ok: report.ok,
  };
}

/** Wall time over the bound; for runs whose bound is 0 s (all calls fit the burst) there is no ratio. */
export function ratio(row: StormRow): string {
  return row.boundSeconds > 0
    ? `${(row.wallSeconds / row.boundSeconds).toFixed(3)}×`
    : "n/a (fits the burst)";
}

/** The markdown table of the storm rows. Pure. */
export function stormTable(rows: readonly StormRow[]): string {
  const head = [
    "| clusters | in flight | wall s | bound s (2 calls/move) | wall / bound | mutating accepted | mutating / move | throttled answers | all calls | lost | on a stopped instance | handler errors | verdict |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const body = rows.map(
    (r) =>
      `| ${r.clusters} | ${r.concurrency} | ${r.wallSeconds.toFixed(1)} | ${r.boundSeconds.toFixed(0)} | ${ratio(r)} | ${r.mutating} | ${r.callsPerMove?.toFixed(2) ?? "n/a"} | ${r.throttled} | ${r.totalCalls} | ${r.lost} | ${r.onStopped} | ${r.handlerErrors} | ${r.ok && (r.boundSeconds === 0 || r.wallSeconds <= 1.1 * r.boundSeconds) ? "PASS" : "FAIL"} |`,
  );
  return [...head, ...body].join("\n");
}
