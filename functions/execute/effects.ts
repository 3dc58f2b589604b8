// Tested through the round: test/unit/functions/cluster-round.test.ts (fencing done once per cluster) and
// test/unit/functions/event/failover.test.ts (the reconciliation's Run Command).
import {
  type AddressSnapshot,
  type ClaimResult,
  claimIfUnchanged,
  claimRoutesIfUnchanged,
  type Deadline,
  type ErrorContext,
  type RouteClaimResult,
  type RouteSnapshot,
  type Since,
  settle,
  type Target,
} from "../../core/index.ts";
import type { Deps } from "../types.ts";
import { awaitStopped, type Fenced, fenceByStop } from "./fence.ts";
import { reconcilePacemaker } from "./reconcile.ts";
import { startAgain } from "./start.ts";

/**
 * Everything carrying out a plan does to the world, one AWS change (or one wait) each; what to do, and what
 * each answer means, is execute-plan.ts's. A test may pass its own to watch a plan being carried out.
 */
export interface Effects {
  /**
   * Stops the failed member; once per round, however often asked (every ask gets the one stop's answer). With
   * `until` "stopped" ("reboot"), it then reads until the member is stopped (execute/fence.ts awaitStopped).
   */
  fence(until?: "stopping" | "stopped"): Promise<Fenced>;
  /** Starts the fenced member again ("reboot", after the move); the state EC2 answered. */
  start(): Promise<string>;
  /** An address's compare-and-swap onto `target` (core's claimIfUnchanged). */
  claimAddress(observed: AddressSnapshot, target: Target): Promise<ClaimResult>;
  /** A route's compare-and-swap over its tables onto `networkInterfaceId` (core's claimRoutesIfUnchanged). */
  claimRoutes(observed: RouteSnapshot, networkInterfaceId: string): Promise<RouteClaimResult>;
  /** Waits out the rest of the lag bound since `looked`, so a read after it shows every change made before. */
  settle(looked: Since, context: ErrorContext): Promise<void>;
  /** Runs `script` on `instanceId` through Run Command (Pacemaker's reconciliation); the command id. */
  reconcile(instanceId: string, script: readonly string[]): Promise<string>;
}

/** The round an {@link Effects} acts for: one cluster's failed member, within one deadline. */
export interface EffectsRound {
  readonly clusterName: string;
  readonly failedId: string;
  readonly deadline: Deadline;
}

/**
 * The effects on AWS, through the container's clients (EC2 paced, SSM), each bounded by the round's deadline.
 *
 * @example
 * const effects = awsEffects(deps, { clusterName: "web", failedId: "i-0a…", deadline });
 */
export function awsEffects(deps: Deps, round: EffectsRound): Effects {
  const options = { deadline: round.deadline, sleep: deps.sleep, lagBoundMs: deps.lagBoundMs };
  let fenced: Promise<Fenced> | undefined;
  return {
    fence(until = "stopping") {
      const stopOptions = { deadline: round.deadline, sleep: deps.sleep };
      const where = { cluster: round.clusterName, instanceId: round.failedId };
      fenced ??= fenceByStop(deps.ec2, round.failedId, stopOptions).then(async (done) => {
        deps.log.info("fenced the failed instance", {
          ...where,
          state: done.state,
          previous: done.previous,
          stop: done.mode === "skip-os-shutdown" ? "SkipOsShutdown+Force" : "Force",
        });
        if (until === "stopping" || done.state === "stopped") return done;
        const state = await awaitStopped(deps.ec2, round.failedId, stopOptions);
        deps.log.info("the fenced instance is stopped", { ...where, state });
        return { ...done, state };
      });
      return fenced;
    },
    start: async () => {
      const state = await startAgain(deps.ec2, round.failedId, options);
      deps.log.info("started the fenced instance again", {
        cluster: round.clusterName,
        instanceId: round.failedId,
        state,
      });
      return state;
    },
    claimAddress: (observed, target) => claimIfUnchanged(deps.ec2, observed, target, options),
    claimRoutes: (observed, eni) => claimRoutesIfUnchanged(deps.ec2, observed, eni, options),
    settle: (looked, context) => settle(looked, { ...options, context }),
    reconcile: (instanceId, script) =>
      reconcilePacemaker(
        deps.ssm,
        instanceId,
        script,
        AbortSignal.timeout(Math.max(1, round.deadline.remaining())),
      ),
  };
}
