// Tested through the round: test/unit/functions/cluster-round.test.ts (health asked once for all addresses)
// and test/unit/functions/lag.test.ts (asked again to confirm a recovery).
import { type Deadline, type MemberHealth, observeMembers } from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { Deps } from "../types.ts";

/** The members' health as one round reads it: once, and again only when `fresh` asks (to confirm a lag). */
export type MembersLook = (fresh?: boolean) => Promise<MemberHealth[]>;

/**
 * Looks at the health of `cluster`'s members (one DescribeInstanceStatus), at most once per round unless asked
 * afresh: every item of the set decides from the same read.
 *
 * @example
 * const health = lookAtMembers(deps, cluster, deadline);
 * const members = await health(); // the second call answers the same read; health(true) reads again
 */
export function lookAtMembers(deps: Deps, cluster: Cluster, deadline: Deadline): MembersLook {
  let members: Promise<MemberHealth[]> | undefined;
  return (fresh = false) => {
    if (fresh || !members)
      members = observeMembers(
        deps.ec2,
        cluster.members.map((m) => m.instanceId),
        { deadline, sleep: deps.sleep },
      );
    return members;
  };
}
