import type { EC2Client } from "@aws-sdk/client-ec2";
import { disassociate } from "./associate.ts";
import { ConflictError } from "./errors.ts";
import type { OperationOptions } from "./retry.ts";
import { holds } from "./snapshot.ts";
import type { AddressSnapshot, ReleaseResult, Target } from "./types.ts";

/**
 * Disassociates the address only if `holder` holds it in `snapshot`, by that association id, so a release
 * can never undo somebody else's newer association. Makes no call otherwise. An association that vanished
 * in between counts as released. Never gives the allocation back to AWS: the address always stays in the account.
 *
 * @example
 * await release(ec2, await locate(ec2, ref, options), { kind: "instance", instanceId: self }, options);
 */
export async function release(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  holder: Target,
  options: OperationOptions,
): Promise<ReleaseResult> {
  const association = snapshot.association;
  if (!association || !holds(snapshot, holder)) return { changed: false };
  try {
    await disassociate(ec2, snapshot, association.associationId, options);
    return { changed: true };
  } catch (error) {
    if (error instanceof ConflictError) return { changed: false };
    throw error;
  }
}
