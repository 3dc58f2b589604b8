import { chooseStandby, type Deadline, type MemberHealth, observeMembers } from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";
import { type Failure, stillFailed } from "./decide.ts";
import { executePlan } from "./execute.ts";
import { fenceByStop } from "./fence.ts";
import { judge } from "./judge.ts";
import { type ItemLook, type LookContext, lookAtAddress, lookAtRoute } from "./look.ts";
import { describePlan, type ItemStep, planSet, stepsOf } from "./plan.ts";
import { whenSetMoves } from "./set-timing.ts";
import { reportOf, routeReportOf, type Trace } from "./trace.ts";
import type { AddressOutcome, AddressReport, Deps, RouteReport } from "./types.ts";

/** What one cluster's round shares: its addresses and routes move as one set. */
export interface ClusterRound {
  readonly cluster: Cluster;
  readonly failure: Failure;
  /** Fences once per cluster, so the set never stops the node twice. */
  readonly fence: () => Promise<void>;
  /** The members' health, asked once per cluster. */
  readonly health: () => Promise<MemberHealth[]>;
  /**
   * When the cluster's grace window ends (epoch ms): AWS's time of the failure plus graceSeconds. One window
   * for the whole set, and the same on every invocation about this failure.
   */
  readonly graceEnds: number;
}

/** What one cluster's round answers: a report per address and per route, and the errors worth a retry. */
export interface ClusterResult {
  readonly reports: AddressReport[];
  readonly routes: RouteReport[];
  readonly transient: unknown[];
}

/** One item of the set while the round decides it. */
interface Pending {
  readonly trace: Trace;
  look?: ItemLook;
  result?: AddressOutcome;
}
type Moving = Pending & { readonly look: Extract<ItemLook, { observed: unknown }> };

const errorOf = (error: unknown, transient: unknown[]): AddressOutcome => {
  const { kind, errorReason, retry, reason } = judge(error);
  if (retry) transient.push(error);
  return { outcome: "error", kind, errorReason, reason };
};

/**
 * The decision for the set of one cluster once every item was looked at: when it moves (one grace window),
 * whether the failed member is still failed, the one standby, the one plan (one fence, one step per item, one
 * reconciliation), then the dry run's lines or the real run. Nobody sleeps here: inside the window the answer
 * is "waiting", and whoever invoked the controller (the decisions queue) invokes it again when it ends.
 */
async function decideSet(
  deps: Deps,
  round: ClusterRound,
  set: Moving[],
  deadline: Deadline,
): Promise<unknown[]> {
  const { cluster, failure } = round;
  const failedId = failure.instanceId;
  const all = (result: (p: Moving) => AddressOutcome) => {
    for (const p of set) p.result = result(p);
    return [];
  };
  const timing = whenSetMoves(
    set.map((p) => p.look.action),
    failure,
    round.graceEnds,
    deps.clock(),
  );
  if (timing.when === "never")
    return all((p) => ({ outcome: "skipped", reason: p.look.idle ?? p.look.waiting }));
  if (timing.when === "later")
    return all((p) => ({ outcome: "waiting", until: timing.until, reason: p.look.waiting }));
  if (timing.graceHeld) for (const p of set) p.trace.graceMs = cluster.graceSeconds * 1000;

  const members = await round.health();
  const failedNow = members.find((m) => m.instanceId === failedId);
  const still = stillFailed(failure, failedNow);
  if (!still.failed) return all(() => ({ outcome: "skipped", reason: still.reason }));
  const standby = chooseStandby({ members: cluster.members, health: members, failedInstanceId: failedId });
  for (const p of set) p.trace.to = standby?.instanceId;
  if (!standby)
    return all(() => ({
      outcome: "no-standby",
      reason: `no member of ${cluster.name} is running with status checks ok besides ${failedId}`,
    }));
  // Addresses first, then routes, as planSet orders its item steps.
  const addresses = set.flatMap((p) => ("address" in p.look.observed ? [p] : []));
  const routes = set.flatMap((p) => ("route" in p.look.observed ? [p] : []));
  const steps = planSet({
    cluster,
    failedInstanceId: failedId,
    failedState: failedNow?.state,
    standby,
    addresses: addresses.flatMap((p) => ("address" in p.look.observed ? [p.look.observed.address] : [])),
    routes: routes.flatMap((p) => ("route" in p.look.observed ? [p.look.observed.route] : [])),
  });
  const items = steps.filter((s): s is ItemStep => s.step === "move" || s.step === "route");
  const owner = new Map<ItemStep, Moving>(items.map((s, i) => [s, [...addresses, ...routes][i] as Moving]));
  if (deps.dryRun || cluster.dryRun) {
    for (const [step, p] of owner)
      p.result = { outcome: "planned", plan: describePlan(stepsOf(steps, step)) };
    return [];
  }
  const traceOf = (step: ItemStep) => (owner.get(step) as Moving).trace;
  const done = await executePlan(
    deps,
    { clusterName: cluster.name, fence: round.fence, deadline, traceOf },
    steps,
  );
  for (const [step, outcome] of done.outcomes) (owner.get(step) as Moving).result = outcome;
  return done.transient;
}

/**
 * Every address and route of one cluster, as one set: each is looked at (an error becomes its outcome), then
 * the set is decided once. Transient errors are returned for the caller to rethrow after recording.
 */
export async function failoverCluster(
  deps: Deps,
  cluster: Cluster,
  failure: Failure,
  deadline: Deadline,
): Promise<ClusterResult> {
  const failedId = failure.instanceId;
  const options = { deadline, sleep: deps.sleep };
  let members: Promise<MemberHealth[]> | undefined;
  const health = () => {
    members ??= observeMembers(
      deps.ec2,
      cluster.members.map((m) => m.instanceId),
      options,
    );
    return members;
  };
  let fenced: Promise<void> | undefined;
  const fence = () => {
    fenced ??= fenceByStop(deps.ec2, failedId, options).then(({ state, mode }) => {
      deps.log.info("fenced the failed instance", {
        cluster: cluster.name,
        instanceId: failedId,
        state,
        stop: mode === "skip-os-shutdown" ? "SkipOsShutdown+Force" : "Force",
      });
    });
    return fenced;
  };
  const round: ClusterRound = {
    cluster,
    failure,
    fence,
    health,
    graceEnds: failure.at + cluster.graceSeconds * 1000,
  };

  const startedAt = deps.clock();
  const transient: unknown[] = [];
  const at: LookContext = { cluster, failure, deadline };
  const pending = (look: (trace: Trace) => Promise<ItemLook>) => async (): Promise<Pending> => {
    const p: Pending = { trace: { graceMs: 0, steps: {} } };
    try {
      p.look = await look(p.trace);
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

  const set = [...addresses, ...routes].filter((p): p is Moving => p.result === undefined);
  if (set.length > 0)
    try {
      transient.push(...(await decideSet(deps, round, set, deadline)));
    } catch (error) {
      const outcome = errorOf(error, transient);
      for (const p of set) p.result ??= outcome;
    }

  const failureAt = failure.at;
  const outcomeOf = (p: Pending) => p.result ?? { outcome: "skipped", reason: "the plan moved nothing" };
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
