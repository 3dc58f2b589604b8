import type { Deadline } from "../core/index.ts";
import { MetricNames } from "./constants.ts";
import { announce } from "./put-notices.ts";
import type { AddressReport, Deps } from "./types.ts";

/**
 * The one place every decision is recorded, whichever path decided (an event, a sweep): a metric and a log
 * line per address, then a failover notice on EventBridge for each that was not "nothing to do". `failureAt`
 * is AWS's time of the failure (epoch ms). Never throws.
 */
export async function recordDecisions(
  deps: Deps,
  reports: readonly AddressReport[],
  failureAt: number,
  deadline: Deadline,
): Promise<void> {
  for (const report of reports) record(deps, report, deps.clock() - failureAt);
  await announce(deps, reports, deadline);
}

/**
 * The one place the controller's outcomes become metrics and log lines: one call per address, after the
 * decision. `lagMs` is the time from AWS's event to now.
 */
export function record(deps: Deps, report: AddressReport, lagMs: number): void {
  const { result } = report;
  const where = { cluster: report.cluster, allocationId: report.allocationId };
  const count = (name: string) => deps.metrics.addMetric(name, "Count", 1);
  switch (result.outcome) {
    case "moved":
      count(MetricNames.executed);
      deps.metrics.addMetric(MetricNames.latency, "Milliseconds", lagMs);
      deps.log.info("moved the address", { ...where, ...result });
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
      deps.log.error("no healthy standby: address left where it is", { ...where, reason: result.reason });
      return;
    case "conflict":
      count(MetricNames.conflict);
      deps.log.warn("someone else moved the address after we looked: not overriding", {
        ...where,
        holder: result.holder,
      });
      return;
    case "planned":
      deps.log.info("dry run: would do", { ...where, plan: result.plan });
      return;
    case "fencing-failed":
      deps.log.error("fencing failed: not moving the address", { ...where, reason: result.reason });
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
