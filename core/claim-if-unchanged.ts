import type { EC2Client } from "@aws-sdk/client-ec2";
import { associate, disassociate, moveContext } from "./associate.ts";
import { ConflictError } from "./errors.ts";
import { locate } from "./locate.ts";
import type { OperationOptions } from "./retry.ts";
import { describeHolder, describeTarget, holds } from "./snapshot.ts";
import type { AddressSnapshot, ClaimResult, Target } from "./types.ts";

/**
 * Compare-and-swap for actors that must never fight a newer decision (the controller): moves the address
 * to `target` only if it is still associated as in `observed` (or still unassociated when `observed` had no
 * association). Disassociates exactly the observed association id, then associates with
 * `AllowReassociation=false`, so whoever moved it in between wins and this call throws a ConflictError
 * naming the current holder instead of retrying over it.
 *
 * Two calls are the price of the condition: EC2 has no conditional associate. Between them the address
 * points nowhere for one round trip; that is why only the out-of-band path uses this, and the agent uses
 * the one-call {@link claim}.
 *
 * @throws ConflictError when someone else moved the address after `observed`.
 * @example
 * const seen = await locate(ec2, ref, options);
 * await claimIfUnchanged(ec2, seen, { kind: "instance", instanceId: standby }, options);
 */
export async function claimIfUnchanged(
  ec2: EC2Client,
  observed: AddressSnapshot,
  target: Target,
  options: OperationOptions,
): Promise<ClaimResult> {
  if (observed.association && holds(observed, target))
    return { changed: false, association: observed.association };

  const ref = { allocationId: observed.allocationId };
  const conflict = (current: AddressSnapshot, cause: unknown) =>
    new ConflictError(
      `conflict: ${observed.allocationId} is now held by ${describeHolder(current)}, not by ${describeHolder(observed)} as observed; not moving it to ${describeTarget(target)}`,
      current,
      moveContext("AssociateAddress", observed, target),
      { cause },
    );

  if (observed.association) {
    try {
      await disassociate(ec2, observed, observed.association.associationId, options);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The observed association is gone. Unassociated now (our own earlier attempt, or a plain release)
      // still satisfies the condition "nobody newer holds it"; anything else is a newer decision.
      const current = await locate(ec2, ref, options);
      if (current.association && holds(current, target))
        return { changed: false, association: current.association };
      if (current.association) throw conflict(current, error);
    }
  }

  try {
    const association = await associate(ec2, observed, target, false, options);
    return {
      changed: true,
      association,
      ...(observed.association ? { previous: observed.association } : {}),
    };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await locate(ec2, ref, options);
    // A retried associate whose first attempt landed sees its own association: that is success.
    if (current.association && holds(current, target))
      return { changed: true, association: current.association };
    throw conflict(current, error);
  }
}
