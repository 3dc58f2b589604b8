import type { Step } from "../plan/plan-set.ts";
import type {
  AddressOutcome,
  AddressReport,
  ItemReport,
  PhaseTimings,
  RouteReport,
  RouteTableReport,
} from "../types.ts";

/**
 * What one item's decision (an address's or a route's) learns as it goes (cluster-round.ts,
 * execute/execute-plan.ts), for its report.
 */
export interface Trace {
  publicIp?: string;
  from?: string;
  to?: string;
  /** The grace window held before moving, ms. */
  graceMs: number;
  /** How long each step carried out took, ms, by step name. */
  readonly steps: Partial<Record<Step["step"], number>>;
  /** A route's tables: as found, then as moved. Undefined for an address, or before the tables were read. */
  tables?: RouteTableReport[];
}

/** True for a route's report (it names a destination), false for an address's. */
export function isRouteReport(report: ItemReport): report is RouteReport {
  return "destination" in report;
}

/** The timings of one item's report from what its decision learned (see {@link reportOf}). */
function timingsOf(failureAt: number, startedAt: number, trace: Trace): PhaseTimings {
  const { fence, reconcile, start } = trace.steps;
  const move = trace.steps.move ?? trace.steps.route;
  return {
    eventLagMs: Math.max(0, startedAt - failureAt - trace.graceMs),
    graceMs: trace.graceMs,
    ...(fence === undefined ? {} : { fenceMs: fence }),
    ...(move === undefined ? {} : { moveMs: move }),
    ...(reconcile === undefined ? {} : { reconcileMs: reconcile }),
    ...(start === undefined ? {} : { startMs: start }),
  };
}

/** The fields an address's and a route's reports share. */
function common(trace: Trace) {
  return {
    ...(trace.from === undefined ? {} : { from: trace.from }),
    ...(trace.to === undefined ? {} : { to: trace.to }),
  };
}

/**
 * One address's report from what its decision learned. `startedAt` is when the deciding invocation began
 * (epoch ms); the event lag is what remains of the time since the failure once the grace window is taken out.
 */
export function reportOf(
  where: { readonly cluster: string; readonly allocationId: string; readonly failureAt: number },
  startedAt: number,
  trace: Trace,
  result: AddressOutcome,
): AddressReport {
  return {
    cluster: where.cluster,
    allocationId: where.allocationId,
    ...(trace.publicIp === undefined ? {} : { publicIp: trace.publicIp }),
    ...common(trace),
    timings: timingsOf(where.failureAt, startedAt, trace),
    result,
  };
}

/** One route's report from what its decision learned, as {@link reportOf} for an address. */
export function routeReportOf(
  where: {
    readonly cluster: string;
    readonly destination: string;
    readonly routeTableIds: readonly string[];
    readonly failureAt: number;
  },
  startedAt: number,
  trace: Trace,
  result: AddressOutcome,
): RouteReport {
  return {
    cluster: where.cluster,
    destination: where.destination,
    routeTableIds: where.routeTableIds,
    ...common(trace),
    ...(trace.tables === undefined ? {} : { tables: trace.tables }),
    timings: timingsOf(where.failureAt, startedAt, trace),
    result,
  };
}
