// Tested through the round that carries a plan out: test/unit/functions/cluster-round.test.ts (a failed fence
// stops the set, a conflict is not fought, one reconciliation) and test/unit/functions/lag.test.ts (a route
// look confirmed after the lag bound when someone else acted on the set).
import { ConflictError, describeHolder, describeTarget, isDown, type Since } from "../../core/index.ts";
import { judge, messageOf } from "../judge.ts";
import { describeStep, type ItemStep, isItemStep, type Step, scriptOf } from "../plan/plan-set.ts";
import type { Trace } from "../report/trace.ts";
import type { AddressOutcome, Deps, Restart } from "../types.ts";
import type { Effects } from "./effects.ts";
import { routeOutcome, tablesAfter } from "./route-outcome.ts";

/** What the steps of one cluster's set share. */
export interface StepContext {
  readonly clusterName: string;
  /** The trace of the item an item step moves (its report's timings, a route's tables). */
  readonly traceOf: (step: ItemStep) => Trace;
  /** When the look at the item an item step moves answered (a route's move may confirm that look). */
  readonly lookedOf: (step: ItemStep) => Since;
  /** Confirm every route look after the lag bound, whatever the round finds (the sweep). */
  readonly confirmRoutes: boolean;
}

/** What carrying out a set's plan came to: an outcome per item step, and the errors worth a retry. */
export interface SetResult {
  readonly outcomes: Map<ItemStep, AddressOutcome>;
  readonly transient: unknown[];
}

/** One item's move: its outcome, and whether a call of it landed (Pacemaker must learn of the move). */
interface ItemMove {
  readonly outcome: AddressOutcome;
  readonly landed: boolean;
}

/**
 * Carries out exactly the planned steps, in order, logging each as the dry run prints it. A fence that fails
 * ends the whole set's move (nothing moves off a node that may still answer); each item's move has its own
 * outcome (a conflict or an error in one leaves the others moving); the reconciliation runs once, when some
 * item moved. Transient AWS failures are returned so that the event is retried. A start ("reboot") runs after
 * the moves unless one of them is left to that retry (which fences, moves and starts again); a start that fails
 * leaves the moves standing and says why in each moved outcome.
 *
 * EC2 has no conditional ReplaceRoute, so a route's compare-and-swap re-read is all that stands between a look
 * that lags a move made seconds before (a duplicate of this decision's, or Pacemaker's) and a second move. When
 * the round finds that someone else acted on the set (an address already moved or taken, the failed member
 * already stopping when fenced), or `confirmRoutes` asks it, a route moves only once the lag bound has passed
 * since its look, so the re-read shows every change made before the look. Otherwise nothing waits: a route's
 * move costs no lag bound when this decision is the set's mover.
 */
export async function executePlan(
  deps: Pick<Deps, "log" | "clock">,
  effects: Effects,
  context: StepContext,
  steps: readonly Step[],
): Promise<SetResult> {
  const items = steps.filter(isItemStep);
  const outcomes = new Map<ItemStep, AddressOutcome>();
  const transient: unknown[] = [];
  const landed: ItemStep[] = [];
  // Someone else acted on this set seconds ago: the route looks must be confirmed before they move.
  let othersActed = context.confirmRoutes;
  const timed = async (step: Step, over: readonly ItemStep[], run: () => Promise<void>) => {
    deps.log.info("carrying out", { cluster: context.clusterName, step: describeStep(step) });
    const started = deps.clock();
    try {
      await run();
    } finally {
      for (const item of over) context.traceOf(item).steps[step.step] = deps.clock() - started;
    }
  };
  for (const step of steps) {
    if (step.step === "fence") {
      let failed: AddressOutcome | undefined;
      await timed(step, items, async () => {
        try {
          // Already stopping when our stop arrived, though our read said otherwise: someone fenced it first.
          if (isDown((await effects.fence(step.until)).previous)) othersActed = true;
        } catch (error) {
          // Throttling or an outage while fencing is worth a retry; anything else stops the move here.
          const judged = judge(error);
          if (judged.retry) transient.push(error);
          failed = judged.retry
            ? { outcome: "error", kind: judged.kind, errorReason: judged.errorReason, reason: judged.reason }
            : { outcome: "fencing-failed", reason: messageOf(error) };
        }
      });
      if (failed) {
        for (const item of items) outcomes.set(item, failed);
        return { outcomes, transient };
      }
    } else if (step.step === "start") {
      // An item left to the queue's retry: the retry fences again (the member stays stopped), moves the rest,
      // and starts it then; starting it now would make the retry stop it a second time.
      if (transient.length > 0) {
        deps.log.info("left the fenced instance stopped: the retry moves the rest, then starts it", {
          cluster: context.clusterName,
          instanceId: step.instanceId,
        });
        continue;
      }
      let restart: Restart | undefined;
      await timed(step, items, async () => {
        restart = await startFenced(deps, effects, context, step.instanceId);
      });
      for (const item of items) {
        const done = outcomes.get(item);
        if (done?.outcome === "moved" && restart) outcomes.set(item, { ...done, restart });
      }
    } else if (step.step === "reconcile") {
      if (landed.length === 0) continue;
      await timed(step, landed, async () => {
        const commandId = await reconcile(deps, effects, context, step);
        if (!commandId) return;
        for (const item of landed) {
          const done = outcomes.get(item);
          if (done?.outcome === "moved") outcomes.set(item, { ...done, commandId });
        }
      });
    } else {
      await timed(step, [step], async () => {
        try {
          const moved = await moveItem(effects, context, step, othersActed);
          outcomes.set(step, moved.outcome);
          // An address the compare-and-swap found moved, or taken, by someone else: they act on the set.
          if (step.step === "move" && ["skipped", "conflict"].includes(moved.outcome.outcome))
            othersActed = true;
          if (moved.landed) landed.push(step);
        } catch (error) {
          const { kind, errorReason, retry, reason } = judge(error);
          if (retry) transient.push(error);
          outcomes.set(step, { outcome: "error", kind, errorReason, reason });
        }
      });
    }
  }
  return { outcomes, transient };
}

/** One item's compare-and-swap: an address's, or a route's over its tables. */
async function moveItem(
  effects: Effects,
  context: StepContext,
  step: ItemStep,
  confirmLook: boolean,
): Promise<ItemMove> {
  if (step.step === "route") {
    if (confirmLook) await effects.settle(context.lookedOf(step), { destination: step.observed.destination });
    const result = await effects.claimRoutes(step.observed, step.networkInterfaceId);
    const trace = context.traceOf(step);
    trace.tables = tablesAfter(trace.tables ?? [], result);
    return routeOutcome(result, step.standbyId, trace.from);
  }
  try {
    const result = await effects.claimAddress(step.observed, step.target);
    if (!result.changed)
      return {
        landed: false,
        outcome: {
          outcome: "skipped",
          reason: `${step.observed.allocationId} is already on ${describeTarget(step.target)}`,
        },
      };
    const from = step.observed.association?.instanceId;
    return { landed: true, outcome: { outcome: "moved", ...(from ? { from } : {}), to: step.standbyId } };
  } catch (error) {
    if (judge(error).outcome !== "conflict") throw error;
    const current = error instanceof ConflictError ? error.current : undefined;
    // Taken off the observed holder by someone else and held by nobody yet: a duplicate of this decision
    // mid-move (which reports the move), or Pacemaker's stop. Not ours to place, and nothing fought.
    if (current && !current.association)
      return {
        landed: false,
        outcome: {
          outcome: "skipped",
          reason: `${step.observed.allocationId} was taken off ${describeHolder(step.observed)} by another caller after it was observed (a duplicate of this decision, or Pacemaker): theirs to place`,
        },
      };
    return { landed: false, outcome: { outcome: "conflict", holder: describeHolder(current) } };
  }
}

/** Starts the fenced member again; the move stands if it fails (the moved notice says why). */
async function startFenced(
  deps: Pick<Deps, "log">,
  effects: Effects,
  context: StepContext,
  instanceId: string,
): Promise<Restart> {
  try {
    return { instanceId, state: await effects.start() };
  } catch (error) {
    deps.log.error("starting the fenced instance failed: it stays stopped", {
      cluster: context.clusterName,
      instanceId,
      error: messageOf(error),
    });
    return { instanceId, failed: messageOf(error) };
  }
}

/** Tells Pacemaker on the new holder; the move stands if it fails (its monitor will notice). */
async function reconcile(
  deps: Pick<Deps, "log">,
  effects: Effects,
  context: StepContext,
  step: Extract<Step, { step: "reconcile" }>,
): Promise<string | undefined> {
  try {
    return await effects.reconcile(step.instanceId, scriptOf(step));
  } catch (error) {
    deps.log.error("reconciliation command failed", {
      cluster: context.clusterName,
      instanceId: step.instanceId,
      error: String(error),
    });
    return undefined;
  }
}
