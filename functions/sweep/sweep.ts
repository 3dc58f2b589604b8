import { type Deadline, deadlineIn } from "../../core/index.ts";
import { type AlarmDeps, type AlarmReport, syncAlarms } from "../alarms/alarm-sync.ts";
import { failoverCluster } from "../cluster-round.ts";
import type { ClusterConfig } from "../clusters/read.ts";
import { DEADLINE_MARGIN_MS } from "../constants.ts";
import type { LambdaContextLike } from "../event/failover.ts";
import { judge } from "../judge.ts";
import { recordDecisions } from "../report/record.ts";
import type { AddressReport, Deps, RouteReport } from "../types.ts";
import { observeFleet } from "./fleet.ts";
import { planSweep } from "./sweep-plan.ts";

/** The sweep's dependencies: the controller's, and CloudWatch with the stack's alarm prefix. */
export interface SweepDeps extends Deps, Pick<AlarmDeps, "cloudwatch" | "alarmPrefix"> {}

/** What invoked the sweep: its schedule rule, a change of a cluster document, or something it ignores. */
export type SweepTrigger = "schedule" | "document-change" | "ignored";

/** What one sweep invocation did. */
export interface SweepReport {
  readonly trigger: SweepTrigger;
  /** Why nothing more was done: the event was not the sweep's, or a read failed. */
  readonly reason?: string;
  /** The alarm synchronisation; undefined when it could not run. */
  readonly alarms?: AlarmReport;
  /** The event path's report for every address the sweep handed to it. */
  readonly addresses: readonly AddressReport[];
  /** The event path's report for every route the sweep handed to it (with its cluster's addresses: one set). */
  readonly routes: readonly RouteReport[];
  /**
   * Addresses and routes (one per destination) on a failed member whose grace window is still open (or whose
   * failure AWS gave no date).
   */
  readonly waiting: number;
  readonly invalidClusters: number;
}

/** What an event means to the sweep. Pure; never throws. */
export function sweepTrigger(event: unknown): SweepTrigger {
  const e = (event ?? {}) as { source?: unknown; "detail-type"?: unknown };
  if (e.source === "aws.events" && e["detail-type"] === "Scheduled Event") return "schedule";
  if (e.source === "aws.ssm" && e["detail-type"] === "Parameter Store Change") return "document-change";
  return "ignored";
}

/**
 * The reconciling sweep as a plain async function over injected dependencies (controller.ts assembles it,
 * handler.ts wraps it in middy).
 * On every invocation it makes the status alarms match the cluster documents; on its schedule it also looks
 * at every cluster in a few batched reads ({@link observeFleet}) and hands each address or route held by a
 * member failed for at least graceSeconds, or left unassociated by a termination, to the event path's own
 * decision (`failoverCluster`: the same compare-and-swap, one set per cluster). Never throws: the next sweep
 * is the retry.
 */
export function createSweep(deps: SweepDeps, clusters: (deadline: Deadline) => Promise<ClusterConfig>) {
  const alarmDeps: AlarmDeps = { ...deps };
  return async function sweep(event: unknown, context: LambdaContextLike): Promise<SweepReport> {
    const trigger = sweepTrigger(event);
    const empty = { trigger, addresses: [], routes: [], waiting: 0, invalidClusters: 0 };
    if (trigger === "ignored") {
      deps.log.warn("sweep: event ignored (neither its schedule nor a cluster document change)");
      return { ...empty, reason: "not a Scheduled Event or a Parameter Store Change" };
    }
    const deadline = deadlineIn(context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS, deps.clock);
    const failed = (what: string, error: unknown) => {
      const { kind, reason } = judge(error);
      deps.log.error(`sweep: ${what}`, { kind, reason });
      return reason;
    };
    let config: ClusterConfig;
    try {
      config = await clusters(deadline);
    } catch (error) {
      return { ...empty, reason: failed("cannot read the cluster documents", error) };
    }
    for (const bad of config.invalid)
      deps.log.error("invalid cluster document skipped", {
        parameter: bad.parameter,
        field: bad.field,
        why: bad.why,
      });
    const base = { ...empty, invalidClusters: config.invalid.length };
    let alarms: AlarmReport | undefined;
    try {
      alarms = await syncAlarms(alarmDeps, config, deadline);
    } catch (error) {
      failed("cannot synchronise the status alarms", error);
    }
    const withAlarms = alarms ? { ...base, alarms } : base;
    if (trigger === "document-change") return withAlarms;
    return { ...withAlarms, ...(await reconcile(deps, config, deadline, failed)) };
  };
}

/** The scheduled part: observe, plan, and hand each failure to the event path. */
async function reconcile(
  deps: Deps,
  config: ClusterConfig,
  deadline: Deadline,
  failed: (what: string, error: unknown) => string,
): Promise<Pick<SweepReport, "addresses" | "routes" | "waiting" | "reason">> {
  let view: Awaited<ReturnType<typeof observeFleet>>;
  try {
    view = await observeFleet(deps, config.clusters, deadline);
  } catch (error) {
    return { addresses: [], routes: [], waiting: 0, reason: failed("cannot observe the fleet", error) };
  }
  const plan = planSweep(config.clusters, view, deps.clock());
  for (const m of plan.missing)
    deps.log.error(
      `sweep: ${"allocationId" in m ? "address" : "route table"} of a cluster document not found in this account and Region`,
      m,
    );
  for (const w of plan.waiting)
    deps.log.info("sweep: failed holder inside its grace window (or undated): not moved yet", {
      ...w,
      until: w.until === undefined ? "undated" : new Date(w.until).toISOString(),
    });
  const results = await Promise.all(
    // The sweep's reads may lag a move made seconds before (the event path's, or its own last time): its route
    // looks are confirmed after the lag bound (its targets run at once, so they share that wait).
    plan.targets.map(async (t) => ({
      failure: t.failure,
      ...(await failoverCluster(deps, t.cluster, t.failure, deadline, { confirmRoutes: true })),
    })),
  );
  // the same record as an event's decision: metrics, log lines and failover notices
  await Promise.all(
    results.map((r) =>
      recordDecisions(deps, [...r.reports, ...r.routes], { by: "sweep", failure: r.failure }, deadline),
    ),
  );
  const transient = results.flatMap((r) => r.transient).length;
  if (transient)
    deps.log.warn("sweep: some addresses or routes failed transiently; the next sweep tries again", {
      transient,
    });
  return {
    addresses: results.flatMap((r) => r.reports),
    routes: results.flatMap((r) => r.routes),
    waiting: plan.waiting.length,
  };
}
