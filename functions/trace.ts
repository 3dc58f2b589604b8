import type { Step } from "./plan.ts";
import type { AddressOutcome, AddressReport, PhaseTimings } from "./types.ts";

/** What one address's decision learns as it goes (act.ts and execute.ts fill it in), for its report. */
export interface Trace {
  publicIp?: string;
  from?: string;
  to?: string;
  /** The grace window held before moving, ms. */
  graceMs: number;
  /** How long each step carried out took, ms, by step name. */
  readonly steps: Partial<Record<Step["step"], number>>;
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
  const { fence, move, reconcile } = trace.steps;
  const timings: PhaseTimings = {
    eventLagMs: Math.max(0, startedAt - where.failureAt - trace.graceMs),
    graceMs: trace.graceMs,
    ...(fence === undefined ? {} : { fenceMs: fence }),
    ...(move === undefined ? {} : { moveMs: move }),
    ...(reconcile === undefined ? {} : { reconcileMs: reconcile }),
  };
  return {
    cluster: where.cluster,
    allocationId: where.allocationId,
    ...(trace.publicIp === undefined ? {} : { publicIp: trace.publicIp }),
    ...(trace.from === undefined ? {} : { from: trace.from }),
    ...(trace.to === undefined ? {} : { to: trace.to }),
    timings,
    result,
  };
}
