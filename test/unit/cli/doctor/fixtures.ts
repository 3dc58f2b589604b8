// The doctor's unit tests build observations by hand; a healthy member is the starting point of most.
import type { DoctorMember } from "../../../../cli/doctor/types.ts";

/** The cluster tag of cluster "web". */
export const TAG = { "eip-failover:cluster": "web" };

/** A member that passes every member check: tagged, its interface tagged, IMDSv2 required. */
export function healthyMember(id: string, over: Partial<DoctorMember> = {}): DoctorMember {
  return {
    instanceId: id,
    exists: true,
    tags: TAG,
    httpTokens: "required",
    hopLimit: 1,
    interfaces: [{ networkInterfaceId: id.replace("i-", "eni-"), tags: TAG }],
    ...over,
  };
}
