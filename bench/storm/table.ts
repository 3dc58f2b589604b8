import { leftBucket, rateBoundSeconds } from "../../cli/drill/bound.ts";
import type { DrillReport } from "../../cli/drill/summary.ts";
import type { OverlayShape } from "../../cli/drill/types.ts";

/** The storm's targets (issue 14): wall ≤ 1.1 × bound, invocation-seconds ≥ 10× fewer, ≤ 0.2 throttled per call. */
export const TARGETS = { wallOverBound: 1.1, invocationSavings: 10, throttledPerMutating: 0.2 } as const;

/** One az-outage run as the storm benchmark reports it. */
export interface StormRow {
  readonly clusters: number;
  /** Each cluster's overlay routes and the tables each is in (the route storm); undefined when each holds an EIP. */
  readonly routes?: OverlayShape;
  /** What had to move: addresses, or route entries (clusters × routes per cluster × tables). */
  readonly entries: number;
  /** Accepted mutating calls one entry needs: 2 per address (compare-and-swap), 1 per route entry. */
  readonly callsPerEntry: number;
  readonly concurrency: number;
  /** Records per invocation (the event source mapping's batch size); undefined: as deployed (10). */
  readonly batchSize?: number;
  readonly graceSeconds: number;
  /** The share of every EC2 bucket other tenants of the account spend (0: the account is the controller's). */
  readonly othersShare: number;
  readonly wallSeconds: number;
  /** The grace window plus the bound, for `callsPerEntry × entries` calls, of the mutating bucket left to us. */
  readonly boundSeconds: number;
  readonly mutating: number;
  readonly throttled: number;
  readonly totalCalls: number;
  readonly moved: number;
  readonly lost: number;
  readonly onStopped: number;
  readonly handlerErrors: number;
  readonly invocations: number;
  readonly peakConcurrent: number;
  readonly invocationSeconds: number;
  /** What the old design spent at least: one invocation per cluster sleeping its whole grace window. */
  readonly oldInvocationSeconds: number;
  readonly ok: boolean;
}

/** The row for one report; with `routes`, a route storm. Pure. */
export function stormRow(
  report: DrillReport,
  clusters: number,
  concurrency: number,
  graceSeconds: number,
  routes?: OverlayShape,
  othersShare = 0,
): StormRow {
  const spent = report.invocations;
  const entries = routes ? clusters * routes.perCluster * routes.tables : clusters;
  const callsPerEntry = routes ? 1 : 2;
  // A route storm whose report has no route counts lost every entry.
  const none = { total: entries, moved: 0, lost: entries, onStopped: 0 };
  const held = routes ? (report.routes ?? none) : report.addresses;
  return {
    clusters,
    ...(routes ? { routes } : {}),
    entries,
    callsPerEntry,
    concurrency,
    graceSeconds,
    othersShare,
    wallSeconds: report.seconds,
    boundSeconds: graceSeconds + rateBoundSeconds(callsPerEntry * entries, leftBucket(othersShare)),
    mutating: report.calls.mutating,
    throttled: report.calls.throttled,
    totalCalls: report.calls.total,
    moved: held.moved,
    lost: held.lost,
    onStopped: held.onStopped,
    handlerErrors: report.handlerErrors,
    invocations: spent?.invocations ?? 0,
    peakConcurrent: spent?.peakConcurrent ?? 0,
    invocationSeconds: (spent?.invocationMs ?? 0) / 1000,
    oldInvocationSeconds: clusters * graceSeconds,
    ok: report.ok,
  };
}

/** Throttled answers per accepted mutating call. */
export function throttledPerCall(row: StormRow): number {
  return row.mutating > 0 ? row.throttled / row.mutating : 0;
}

/** Whether the row meets every target that applies to it. Pure. */
export function meetsTargets(row: StormRow): boolean {
  const inTime = row.boundSeconds === 0 || row.wallSeconds <= TARGETS.wallOverBound * row.boundSeconds;
  const saves =
    row.oldInvocationSeconds === 0 ||
    row.invocationSeconds * TARGETS.invocationSavings <= row.oldInvocationSeconds;
  return row.ok && row.lost === 0 && inTime && saves && throttledPerCall(row) <= TARGETS.throttledPerMutating;
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
    "| clusters | grace s | others' share | max concurrency | wall s | bound s (grace + 2 calls/move, of what is left) | wall / bound | peak concurrent invocations | invocations | invocation-s | old design ≥ invocation-s | mutating accepted | throttled answers | throttled / accepted mutating | all calls | lost | on a stopped instance | handler errors | verdict |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const body = rows.map(
    (r) =>
      `| ${r.clusters} | ${r.graceSeconds} | ${r.othersShare} | ${r.concurrency} | ${r.wallSeconds.toFixed(1)} | ${r.boundSeconds.toFixed(0)} | ${ratio(r)} | ${r.peakConcurrent} | ${r.invocations} | ${r.invocationSeconds.toFixed(1)} | ${r.oldInvocationSeconds} | ${r.mutating} | ${r.throttled} | ${throttledPerCall(r).toFixed(3)} | ${r.totalCalls} | ${r.lost} | ${r.onStopped} | ${r.handlerErrors} | ${meetsTargets(r) ? "PASS" : "FAIL"} |`,
  );
  return [...head, ...body].join("\n");
}
