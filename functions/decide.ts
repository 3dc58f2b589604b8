import { type AddressSnapshot, describeHolder, type Member, type Target } from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";

/** What to do about one address once the failed instance is known. Pure. */
export type FirstLook =
  | { readonly action: "skip"; readonly reason: string }
  /** The failed instance still holds it: wait out the grace period, then move. */
  | { readonly action: "wait-then-move" }
  /** Nobody holds it (a release, or an earlier attempt cut short): move it now, no grace to wait for. */
  | { readonly action: "move-orphan" };

export function firstLook(snapshot: AddressSnapshot, failedInstanceId: string): FirstLook {
  const holder = snapshot.association?.instanceId;
  if (!snapshot.association) return { action: "move-orphan" };
  if (holder === failedInstanceId) return { action: "wait-then-move" };
  return {
    action: "skip",
    reason: `${snapshot.allocationId} is held by ${describeHolder(snapshot)}, not the failed ${failedInstanceId}: already handled`,
  };
}

/** The clusters whose members include the failed instance. */
export function clustersOf(clusters: readonly Cluster[], instanceId: string): Cluster[] {
  return clusters.filter((c) => c.members.some((m) => m.instanceId === instanceId));
}

/** A member as an association target: its configured interface (and IP), else the instance. */
export function memberTarget(member: Member): Target {
  if (!member.networkInterfaceId) return { kind: "instance", instanceId: member.instanceId };
  return {
    kind: "interface",
    networkInterfaceId: member.networkInterfaceId,
    ...(member.privateIpAddress ? { privateIpAddress: member.privateIpAddress } : {}),
  };
}

/** True when fencing is needed: configured, and the failed instance is not already on its way down. */
export function needsFencing(fencing: Cluster["fencing"], failedState: string | undefined): boolean {
  if (fencing !== "stop") return false;
  return !["stopping", "stopped", "shutting-down", "terminated"].includes(failedState ?? "");
}
