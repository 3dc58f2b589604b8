import type { EC2Client } from "@aws-sdk/client-ec2";
import { associate } from "./associate.ts";
import type { OperationOptions } from "./retry.ts";
import { holds } from "./snapshot.ts";
import type { AddressSnapshot, ClaimResult, Target } from "./types.ts";

/**
 * Moves the address to `target` in one atomic `AssociateAddress` call with `AllowReassociation=true`:
 * there is no moment where the address points nowhere. Makes no call when `target` already holds it.
 * Safe to retry: a repeated associate to the same target is a no-op for EC2.
 *
 * @param snapshot a fresh observation from {@link locate}; the caller decides how fresh is fresh enough.
 * @example
 * const eip = await locate(ec2, ref, options);
 * const result = await claim(ec2, eip, { kind: "instance", instanceId: "i-0123456789abcdef0" }, options);
 */
export async function claim(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  target: Target,
  options: OperationOptions,
): Promise<ClaimResult> {
  if (snapshot.association && holds(snapshot, target))
    return { changed: false, association: snapshot.association };
  const association = await associate(ec2, snapshot, target, true, options);
  return {
    changed: true,
    association,
    ...(snapshot.association ? { previous: snapshot.association } : {}),
  };
}
