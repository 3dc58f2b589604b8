import { type AddressSnapshot, describeHolder, detachesAddresses } from "../../core/index.ts";
import type { Failure } from "../types.ts";

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
