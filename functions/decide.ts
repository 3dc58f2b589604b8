import {
  type AddressSnapshot,
  describeHolder,
  detachesAddresses,
  isDown,
  type MemberHealth,
} from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";

/** The failure an event reports: which instance, and what EventBridge said about it. */
export interface Failure {
  readonly instanceId: string;
  readonly cause: "state-change" | "alarm";
  /** The state entered (state-change) or the alarm's name. */
  readonly detail: string;
  /** When AWS says it happened (epoch ms): the grace window counts from here, on every invocation. */
  readonly at: number;
  /**
   * A what-if's failure (what-if.ts), taken as given: no grace window, no recovery check. Undefined for every
   * real event.
   */
  readonly assumed?: boolean;
}

/** What to do about one address once the failed instance is known. */
export type FirstLook =
  | { readonly action: "skip"; readonly reason: string }
  /** The failed instance still holds it: wait out the grace period, then move. */
  | { readonly action: "wait-then-move" }
  /** Terminating the failed instance detached it: nobody holds it, move it now. */
  | { readonly action: "move-orphan" };

/**
 * What to do about one address at the controller's first look. Pure. `graceSeconds` only words the answer:
 * with a window, an address off the failed member was most likely moved by Pacemaker inside it.
 */
export function firstLook(snapshot: AddressSnapshot, failure: Failure, graceSeconds = 0): FirstLook {
  const holder = snapshot.association?.instanceId;
  if (!snapshot.association) {
    if (failure.cause === "state-change" && detachesAddresses(failure.detail))
      return { action: "move-orphan" };
    // Unassociated while the failed instance merely stopped or alarmed: someone released it on purpose
    // (a disabled resource, an operator); the failure did not take it away, so it is not ours to place.
    return {
      action: "skip",
      reason: `${snapshot.allocationId} is associated with nothing, and ${failure.instanceId} (${failure.detail}) did not detach it: left for Pacemaker or an operator`,
    };
  }
  if (holder === failure.instanceId) return { action: "wait-then-move" };
  return {
    action: "skip",
    reason: `${snapshot.allocationId} is held by ${describeHolder(snapshot)}, not the failed ${failure.instanceId}: already handled${graceSeconds > 0 ? " (Pacemaker moved it within the grace period, or someone since)" : ""}`,
  };
}

/**
 * Whether the failed instance is still failed as EC2 sees it now. Events arrive late, are retried by Lambda
 * and can be replayed; one about a node that has since recovered (started again, status checks ok) must not
 * fence it or take its address.
 */
export function stillFailed(
  failure: Failure,
  now: MemberHealth | undefined,
): { readonly failed: true } | { readonly failed: false; readonly reason: string } {
  if (!now || failure.assumed) return { failed: true }; // EC2 no longer reports it (gone), or a what-if
  const recovered =
    failure.cause === "state-change"
      ? now.state === "pending" || now.state === "running"
      : now.state === "running" && now.statusOk;
  return recovered
    ? {
        failed: false,
        reason: `${failure.instanceId} has recovered since the event (${failure.detail}): now ${now.state}${now.statusOk ? ", status checks ok" : ""}`,
      }
    : { failed: true };
}

/** The clusters whose members include the failed instance. */
export function clustersOf(clusters: readonly Cluster[], instanceId: string): Cluster[] {
  return clusters.filter((c) => c.members.some((m) => m.instanceId === instanceId));
}

/** True when fencing is needed: configured, and the failed instance is not already on its way down. */
export function needsFencing(fencing: Cluster["fencing"], failedState: string | undefined): boolean {
  if (fencing !== "stop") return false;
  return !isDown(failedState);
}
