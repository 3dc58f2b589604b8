import {
  ConflictError,
  claimIfUnchanged,
  type Deadline,
  describeHolder,
  describeTarget,
} from "../core/index.ts";
import { judge, messageOf } from "./judge.ts";
import { describeStep, type Step } from "./plan.ts";
import { reconcilePacemaker } from "./reconcile.ts";
import type { Trace } from "./trace.ts";
import type { AddressOutcome, Deps } from "./types.ts";

/** What the steps of one address share with the rest of its cluster. */
export interface StepContext {
  readonly clusterName: string;
  /** Fences once per cluster, so two addresses never stop the node twice. */
  readonly fence: () => Promise<void>;
  readonly deadline: Deadline;
  readonly trace: Trace;
}

/** What is known once some steps ran: where the address came from and went, and the reconcile command. */
interface Progress {
  from?: string;
  to?: string;
  commandId?: string;
}

/**
 * Carries out exactly the planned steps, in order, logging each as the dry run would print it. A step
 * whose outcome ends the move (fencing failed, a conflict, already there) returns that outcome; transient
 * AWS failures are thrown so that Lambda retries the event.
 */
export async function executePlan(
  deps: Deps,
  context: StepContext,
  steps: readonly Step[],
): Promise<AddressOutcome> {
  const progress: Progress = {};
  for (const step of steps) {
    deps.log.info("carrying out", { cluster: context.clusterName, step: describeStep(step) });
    const started = deps.clock();
    try {
      const stop = await carryOut(deps, context, step, progress);
      if (stop) return stop;
    } finally {
      context.trace.steps[step.step] = deps.clock() - started;
    }
  }
  if (!progress.to) return { outcome: "skipped", reason: "the plan moved nothing" };
  return {
    outcome: "moved",
    ...(progress.from ? { from: progress.from } : {}),
    to: progress.to,
    ...(progress.commandId ? { commandId: progress.commandId } : {}),
  };
}

/** One step; returns an outcome when the move must end here. */
async function carryOut(
  deps: Deps,
  context: StepContext,
  step: Step,
  progress: Progress,
): Promise<AddressOutcome | undefined> {
  const options = { deadline: context.deadline, sleep: deps.sleep };
  switch (step.step) {
    case "fence":
      try {
        await context.fence();
        return undefined;
      } catch (error) {
        // Throttling or an outage while fencing is worth Lambda's retry; anything else stops the move here.
        if (judge(error).retry) throw error;
        return { outcome: "fencing-failed", reason: messageOf(error) };
      }
    case "move":
      try {
        const result = await claimIfUnchanged(deps.ec2, step.observed, step.target, options);
        if (!result.changed)
          return {
            outcome: "skipped",
            reason: `${step.observed.allocationId} is already on ${describeTarget(step.target)}`,
          };
        progress.from = step.observed.association?.instanceId;
        progress.to = step.standbyId;
        return undefined;
      } catch (error) {
        if (judge(error).outcome !== "conflict") throw error;
        const current = error instanceof ConflictError ? error.current : undefined;
        // Taken off the observed holder by someone else and held by nobody yet: a duplicate of this decision
        // mid-move (which reports the move), or Pacemaker's stop. Not ours to place, and nothing fought.
        if (current && !current.association)
          return {
            outcome: "skipped",
            reason: `${step.observed.allocationId} was taken off ${describeHolder(step.observed)} by another caller after it was observed (a duplicate of this decision, or Pacemaker): theirs to place`,
          };
        return { outcome: "conflict", holder: describeHolder(current) };
      }
    case "reconcile":
      try {
        progress.commandId = await reconcilePacemaker(
          deps.ssm,
          step.instanceId,
          step.command,
          AbortSignal.timeout(Math.max(1, context.deadline.remaining())),
        );
      } catch (error) {
        // The move stands; Pacemaker's own monitor will notice the address. Say so loudly.
        deps.log.error("reconciliation command failed", {
          cluster: context.clusterName,
          instanceId: step.instanceId,
          error: String(error),
        });
      }
      return undefined;
  }
}
