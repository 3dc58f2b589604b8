import { type Deadline, deadlineIn } from "../../core/index.ts";
import { failoverCluster } from "../cluster-round.ts";
import type { ClusterConfig } from "../clusters/read.ts";
import type { Cluster } from "../clusters/schema.ts";
import { DEADLINE_MARGIN_MS } from "../constants.ts";
import { judge } from "../judge.ts";
import { recordDecisions } from "../report/record.ts";
import type { Deps, FailoverReport, ItemReport } from "../types.ts";
import { parseTrigger } from "./trigger.ts";
import { asInvoked } from "./what-if.ts";

/** The clusters whose members include the failed instance. */
export function clustersOf(clusters: readonly Cluster[], instanceId: string): Cluster[] {
  return clusters.filter((c) => c.members.some((m) => m.instanceId === instanceId));
}

/** The part of the Lambda context the controller reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

/** Thrown after every cluster was handled when some failed transiently, so Lambda's bounded retry applies. */
export class RetryableFailover extends AggregateError {
  override readonly name = "RetryableFailover";
}

/**
 * When to invoke again about this event: the seconds until the last open grace window ends (whole seconds,
 * rounded up, as SQS's DelaySeconds counts them), or undefined when no address or route is waiting.
 */
export function recheckInSeconds(items: readonly ItemReport[], now: number): number | undefined {
  const ends = items.flatMap((a) => (a.result.outcome === "waiting" ? [a.result.until] : []));
  if (ends.length === 0) return undefined;
  return Math.max(1, Math.ceil((Math.max(...ends) - now) / 1000));
}

/**
 * The event path's decision as a plain async function over injected dependencies; controller.ts assembles it
 * behind the queue's consumer, and handler.ts wraps that in middy. Never throws for a bad event or a bad cluster
 * document; throws only to have a transient AWS failure retried.
 */
export function createFailover(deps: Deps, clusters: (deadline: Deadline) => Promise<ClusterConfig>) {
  return async function failover(event: unknown, context: LambdaContextLike): Promise<FailoverReport> {
    const trigger = parseTrigger(event);
    if (trigger.kind !== "failure") {
      deps.log[trigger.kind === "malformed" ? "warn" : "info"](`event dropped (${trigger.kind})`, {
        reason: trigger.reason,
      });
      return { trigger: trigger.kind, reason: trigger.reason, addresses: [], routes: [], invalidClusters: 0 };
    }
    const deadline = deadlineIn(context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS, deps.clock);
    let config: ClusterConfig;
    try {
      config = await clusters(deadline);
    } catch (error) {
      // Without the documents nothing can be decided. A transient failure is worth Lambda's retry; a
      // permission or configuration problem is not, so it is logged and the event dropped.
      const { kind, retry, reason } = judge(error);
      if (retry) throw error;
      deps.log.error("cannot read the cluster documents: event dropped", { kind, reason });
      return {
        trigger: "failure",
        instanceId: trigger.instanceId,
        reason,
        addresses: [],
        routes: [],
        invalidClusters: 0,
      };
    }
    for (const bad of config.invalid)
      deps.log.error("invalid cluster document skipped", {
        parameter: bad.parameter,
        field: bad.field,
        why: bad.why,
      });
    const mine = clustersOf(config.clusters, trigger.instanceId);
    deps.log.info("failure event", {
      instanceId: trigger.instanceId,
      cause: trigger.cause,
      detail: trigger.detail,
      eventId: trigger.eventId,
      clusters: mine.map((c) => c.name),
    });
    if (mine.length === 0)
      deps.log.warn("the failed instance is in no configured cluster", { instanceId: trigger.instanceId });

    const { deps: run, failure } = asInvoked(event, deps, trigger);
    const results = await Promise.all(mine.map((c) => failoverCluster(run, c, failure, deadline)));
    const addresses = results.flatMap((r) => r.reports);
    const routes = results.flatMap((r) => r.routes);
    await recordDecisions(deps, [...addresses, ...routes], { by: "event", failure: trigger }, deadline);
    const transient = results.flatMap((r) => r.transient);
    if (transient.length)
      throw new RetryableFailover(
        transient,
        `${transient.length} address(es) or route(s) failed transiently; retrying`,
      );
    const recheck = recheckInSeconds([...addresses, ...routes], deps.clock());
    return {
      trigger: "failure",
      instanceId: trigger.instanceId,
      addresses,
      routes,
      invalidClusters: config.invalid.length,
      ...(recheck === undefined ? {} : { recheckInSeconds: recheck }),
    };
  };
}
