// Tested through the round that calls it: test/unit/functions/cluster-round.test.ts (when the set moves, the
// recovered member, no standby, the one plan) and test/unit/functions/lag.test.ts (a recovery read again).
import {
  chooseStandby,
  confirmRead,
  type Deadline,
  type MemberHealth,
  type Since,
  sinceNow,
} from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { Effects } from "../execute/effects.ts";
import { executePlan } from "../execute/execute-plan.ts";
import { judge } from "../judge.ts";
import type { ItemLook } from "../look/look-at.ts";
import type { MembersLook } from "../look/members.ts";
import { describePlan, type ItemStep, isItemStep, planSet, stepsOf } from "../plan/plan-set.ts";
import type { Trace } from "../report/trace.ts";
import type { AddressOutcome, Deps, Failure } from "../types.ts";
import { whenSetMoves } from "./set-timing.ts";
import { stillFailed } from "./still-failed.ts";

/** What one cluster's round shares: its addresses and routes move as one set. */
export interface ClusterRound {
  readonly cluster: Cluster;
  readonly failure: Failure;
  /** The members' health, asked once per cluster; `fresh` asks EC2 again (to confirm a read that lags). */
  readonly health: MembersLook;
  /** What carrying out the set's plan does to the world (its fence stops the node once per round). */
  readonly effects: Effects;
  /**
   * When the cluster's grace window ends (epoch ms): AWS's time of the failure plus graceSeconds. One window
   * for the whole set, and the same on every invocation about this failure.
   */
  readonly graceEnds: number;
  /**
   * Whether every route look is confirmed after the lag bound before the route moves: true for the sweep, which
   * acts on reads that may lag a move made seconds before (its own, or the event path's), and when an address
   * of the set was already off the failed member at the look; otherwise a route look is confirmed only when the
   * round finds that someone else acted on the set (see execute/execute-plan.ts).
   */
  readonly confirmRoutes: boolean;
}

/** One item of the set while the round decides it: what it learns, how it was first seen, its outcome. */
export interface Pending {
  readonly trace: Trace;
  look?: ItemLook;
  /** When the look's read answered; undefined until it has. */
  looked?: Since;
  result?: AddressOutcome;
}
/** An item that was looked at and is not skipped: the set's decision is about it. */
export type Moving = Pending & {
  readonly look: Extract<ItemLook, { observed: unknown }>;
  readonly looked: Since;
};

/** An error as an item's outcome, kept in `transient` when it is worth a retry. */
export const errorOf = (error: unknown, transient: unknown[]): AddressOutcome => {
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
export async function decideSet(
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

  // EC2 reports an instance's state late too: a recovery the event contradicts may be a read that lags the
  // failure, so it is believed only when a read after the lag bound shows it as well.
  let reads = 0;
  const failedIn = (health: MemberHealth[]) => health.find((m) => m.instanceId === failedId);
  const members = await confirmRead(
    () => round.health(reads++ > 0),
    (health) => !stillFailed(failure, failedIn(health)).failed,
    sinceNow(deadline),
    { deadline, sleep: deps.sleep, lagBoundMs: deps.lagBoundMs, context: { instanceId: failedId } },
  );
  const failedNow = failedIn(members);
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
  const addresses = set.flatMap((p) =>
    "address" in p.look.observed ? [{ p, seen: p.look.observed.address }] : [],
  );
  const routes = set.flatMap((p) => ("route" in p.look.observed ? [{ p, seen: p.look.observed.route }] : []));
  const steps = planSet({
    cluster,
    failedInstanceId: failedId,
    failedState: failedNow?.state,
    cause: failure.cause,
    standby,
    addresses: addresses.map((a) => a.seen),
    routes: routes.map((r) => r.seen),
    ...(deps.lagBoundMs === undefined ? {} : { lagBoundMs: deps.lagBoundMs }),
  });
  const items = steps.filter(isItemStep);
  const moving = [...addresses, ...routes].map((item) => item.p);
  const owner = new Map<ItemStep, Moving>(items.map((s, i) => [s, moving[i] as Moving]));
  // A paused cluster (`eip-failover pause`) is planned like any other and nothing of the plan runs: its outcome
  // carries the plan it skipped, for the report, the log and the notice.
  const paused = cluster.paused;
  if (paused || deps.dryRun || cluster.dryRun) {
    for (const [step, p] of owner) {
      const plan = describePlan(stepsOf(steps, step));
      p.result = paused ? { outcome: "paused", plan, since: paused.since } : { outcome: "planned", plan };
    }
    return [];
  }
  const traceOf = (step: ItemStep) => (owner.get(step) as Moving).trace;
  const lookedOf = (step: ItemStep) => (owner.get(step) as Moving).looked;
  const done = await executePlan(
    deps,
    round.effects,
    {
      clusterName: cluster.name,
      traceOf,
      lookedOf,
      confirmRoutes: round.confirmRoutes,
    },
    steps,
  );
  for (const [step, outcome] of done.outcomes) (owner.get(step) as Moving).result = outcome;
  return done.transient;
}
