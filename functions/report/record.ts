// Tested by test/unit/functions/event/failover.test.ts (the metrics of a decision),
// test/unit/functions/lag.test.ts (one notice per move) and test/integration/functions/notices.test.ts (the notices on the sim's bus).
import type { Deadline } from "../../core/index.ts";
import { MetricNames } from "../constants.ts";
import type { DecisionTrigger } from "../notices/notice.ts";
import { announce } from "../notices/put-notices.ts";
import type { Deps, ItemReport } from "../types.ts";
import { isRouteReport } from "./trace.ts";

/**
 * The one place every decision is recorded, whichever path decided (an event, a sweep): a metric and a log
 * line per address and per route, then a failover notice on EventBridge for each that was not "nothing to do",
 * naming `trigger` (the path, and the failure with AWS's time of it). Never throws.
 */
export async function recordDecisions(
  deps: Deps,
  reports: readonly ItemReport[],
  trigger: DecisionTrigger,
  deadline: Deadline,
): Promise<void> {
  for (const report of reports) record(deps, report, deps.clock() - trigger.failure.at);
  await announce(deps, reports, deadline, trigger);
}

/**
 * The one place the controller's outcomes become metrics and log lines: one call per address or route, after
 * the decision. `lagMs` is the time from AWS's event to now. A route's lines name its destination and tables.
 */
export function record(deps: Deps, report: ItemReport, lagMs: number): void {
  const { result } = report;
  const where = isRouteReport(report)
    ? { cluster: report.cluster, destination: report.destination, routeTableIds: report.routeTableIds }
    : { cluster: report.cluster, allocationId: report.allocationId };
  const what = isRouteReport(report) ? "route" : "address";
  const count = (name: string) => deps.metrics.addMetric(name, "Count", 1);
  const { fenceMs, moveMs, reconcileMs } = report.timings;
  const phases = [
    [MetricNames.fenceLatency, fenceMs],
    [MetricNames.moveLatency, moveMs],
    [MetricNames.reconcileLatency, reconcileMs],
  ] as const;
  for (const [name, ms] of phases) if (ms !== undefined) deps.metrics.addMetric(name, "Milliseconds", ms);
  switch (result.outcome) {
    case "moved":
      count(MetricNames.executed);
      deps.metrics.addMetric(MetricNames.latency, "Milliseconds", lagMs);
      deps.log.info(`moved the ${what}`, { ...where, ...result });
      return;
    case "skipped":
      count(MetricNames.skipped);
      deps.log.info("nothing to do", { ...where, reason: result.reason });
      return;
    case "waiting":
      deps.log.info("grace window open: invoke again when it ends", {
        ...where,
        until: new Date(result.until).toISOString(),
        reason: result.reason,
      });
      return;
    case "no-standby":
      count(MetricNames.noStandby);
      deps.log.error(`no healthy standby: ${what} left where it is`, { ...where, reason: result.reason });
      return;
    case "conflict":
      count(MetricNames.conflict);
      deps.log.warn(`someone else moved the ${what} after we looked: not overriding`, {
        ...where,
        holder: result.holder,
      });
      return;
    case "planned":
      deps.log.info("dry run: would do", { ...where, plan: result.plan });
      return;
    case "paused":
      count(MetricNames.paused);
      deps.log.warn(`cluster paused: not moving the ${what}; would do`, {
        ...where,
        plan: result.plan,
        pausedSince: result.since,
      });
      return;
    case "fencing-failed":
      count(MetricNames.fencingFailed);
      deps.log.error(`fencing failed: not moving the ${what}`, { ...where, reason: result.reason });
      return;
    case "error":
      deps.log.error("failover failed", {
        ...where,
        kind: result.kind,
        errorReason: result.errorReason,
        reason: result.reason,
      });
      return;
  }
}
