// One cluster's round, the controller's phases in order: look/ at every address and route, decide/ the set once
// (plan/ gives the steps, execute/ carries them out through its effects on AWS), then report/ each item's
// outcome. The event path (event/failover.ts) and the sweep (sweep/sweep.ts) both run it.
import { type Deadline, sinceNow } from "../core/index.ts";
import type { Cluster } from "./clusters/schema.ts";
import { type ClusterRound, decideSet, errorOf, type Moving, type Pending } from "./decide/decide-set.ts";
import { awsEffects } from "./execute/effects.ts";
import { type ItemLook, type LookContext, lookAtAddress, lookAtRoute } from "./look/look-at.ts";
import { lookAtMembers } from "./look/members.ts";
import { reportOf, routeReportOf, type Trace } from "./report/trace.ts";
import type { AddressOutcome, AddressReport, Deps, Failure, RouteReport } from "./types.ts";

export type { ClusterRound } from "./decide/decide-set.ts";

/** What one cluster's round answers: a report per address and per route, and the errors worth a retry. */
export interface ClusterResult {
  readonly reports: AddressReport[];
  readonly routes: RouteReport[];
  readonly transient: unknown[];
}

/**
 * Every address and route of one cluster, as one set: each is looked at (an error becomes its outcome), then
 * the set is decided once. Transient errors are returned for the caller to rethrow after recording.
 * `confirmRoutes`: the caller acts on reads that may lag a move made seconds before (the sweep), so every route
 * look is confirmed after the lag bound before its move (see {@link ClusterRound}).
 */
export async function failoverCluster(
  deps: Deps,
  cluster: Cluster,
  failure: Failure,
  deadline: Deadline,
  options: Pick<ClusterRound, "confirmRoutes"> = { confirmRoutes: false },
): Promise<ClusterResult> {
  const startedAt = deps.clock();
  const transient: unknown[] = [];
  const at: LookContext = { cluster, failure, deadline };
  const pending = (look: (trace: Trace) => Promise<ItemLook>) => async (): Promise<Pending> => {
    const p: Pending = { trace: { graceMs: 0, steps: {} } };
    try {
      p.look = await look(p.trace);
      p.looked = sinceNow(deadline);
      if (p.look.action === "skip") p.result = { outcome: "skipped", reason: p.look.reason };
    } catch (error) {
      p.result = errorOf(error, transient);
    }
    return p;
  };
  const addresses: Pending[] = [];
  for (const { allocationId } of cluster.addresses)
    addresses.push(await pending((t) => lookAtAddress(deps, at, allocationId, t))());
  const routes: Pending[] = [];
  for (const route of cluster.routes) routes.push(await pending((t) => lookAtRoute(deps, at, route, t))());

  const round: ClusterRound = {
    cluster,
    failure,
    health: lookAtMembers(deps, cluster, deadline),
    effects: awsEffects(deps, { clusterName: cluster.name, failedId: failure.instanceId, deadline }),
    graceEnds: failure.at + cluster.graceSeconds * 1000,
    // An address of the set already off the failed member (moved or released by someone, seconds ago as far as
    // these reads can tell): the routes' looks may lag that someone's moves too.
    confirmRoutes: options.confirmRoutes || addresses.some((p) => p.look?.action === "skip"),
  };
  const set = [...addresses, ...routes].filter((p): p is Moving => p.result === undefined);
  if (set.length > 0)
    try {
      transient.push(...(await decideSet(deps, round, set, deadline)));
    } catch (error) {
      const outcome = errorOf(error, transient);
      for (const p of set) p.result ??= outcome;
    }

  const failureAt = failure.at;
  // Every item has its outcome by now: its look's skip or error, or the set's (decideSet gives one to each item
  // of the set, one plan step per item, or throws and the catch above gives its error to all).
  const outcomeOf = (p: Pending) => p.result as AddressOutcome;
  return {
    reports: cluster.addresses.map(({ allocationId }, i) => {
      const p = addresses[i] as Pending;
      return reportOf({ cluster: cluster.name, allocationId, failureAt }, startedAt, p.trace, outcomeOf(p));
    }),
    routes: cluster.routes.map(({ destination, routeTableIds }, i) => {
      const p = routes[i] as Pending;
      const where = { cluster: cluster.name, destination, routeTableIds, failureAt };
      return routeReportOf(where, startedAt, p.trace, outcomeOf(p));
    }),
    transient,
  };
}
