import type { Member, MemberHealth } from "./types.ts";

/** Input of {@link chooseStandby}: plain data, no client. */
export interface StandbyChoice {
  /** Members in configured order (the order breaks ties). */
  readonly members: readonly Member[];
  /** Health of any subset of members; a member without health is not a candidate. */
  readonly health: readonly MemberHealth[];
  /** The member that failed; never chosen. */
  readonly failedInstanceId: string;
}

/** A member is eligible only when running with both status checks passing. */
export function isHealthy(health: MemberHealth | undefined): boolean {
  return health !== undefined && health.state === "running" && health.statusOk;
}

/**
 * Picks the member to receive the address: healthy members only, one in another Availability Zone than the
 * failed member first (an AZ failure takes its neighbours with it), then configured order.
 * Returns undefined when no member is healthy.
 *
 * @example
 * chooseStandby({ members, health, failedInstanceId: "i-a" })?.instanceId // "i-b"
 */
export function chooseStandby(choice: StandbyChoice): Member | undefined {
  const byId = new Map(choice.health.map((h) => [h.instanceId, h]));
  const failedAz = byId.get(choice.failedInstanceId)?.availabilityZone;
  const candidates = choice.members.filter(
    (m) => m.instanceId !== choice.failedInstanceId && isHealthy(byId.get(m.instanceId)),
  );
  const otherAz = candidates.find((m) => byId.get(m.instanceId)?.availabilityZone !== failedAz);
  return otherAz ?? candidates[0];
}
