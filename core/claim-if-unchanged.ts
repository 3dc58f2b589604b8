import type { EC2Client } from "@aws-sdk/client-ec2";
import { associate, disassociate, moveContext } from "./associate.ts";
import { shortenedBy } from "./deadline.ts";
import { ConflictError, ErrorReasons, TransientError } from "./errors.ts";
import { confirmRead, type LagOptions, lagBoundOf, sinceNow } from "./lag.ts";
import { locate } from "./locate.ts";
import { DEFAULT_RETRY_POLICY, type OperationOptions } from "./retry.ts";
import { describeHolder, describeTarget, holds } from "./snapshot.ts";
import { targetOf } from "./target.ts";
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
 * the one-call {@link claim}. If the associate then fails for any other reason (a bad target, a permission,
 * the deadline), the address is put back where it was observed, so a failed move never leaves it pointing
 * nowhere; the deadline is split so that both the associate and the way back still have time to run.
 *
 * Exactly one caller moves the address per observation: the one whose disassociate removed the observed
 * association (EC2 lets exactly one do so). Another caller from the same observation (a duplicate invocation
 * of the same event) then finds the address on `target` (`changed: false`) or unassociated, which it leaves
 * to whoever took it off (ConflictError, current unassociated), as it would leave a newer decision. It
 * counts as the mover only when an earlier attempt of its own may have landed unanswered.
 *
 * EC2's reads lag its writes (see `lag.ts`); its writes do not. So when EC2 refuses a call, the re-read that
 * finds out why is believed only where it agrees with that answer: one that still shows the association EC2
 * just called gone (or this call removed), or shows nobody where EC2 just said someone holds the address, is
 * read again once `lagBoundMs` has passed since the answer. Nothing waits when the calls succeed: their answer
 * (the association id AssociateAddress returned) is the result, and no read is made to verify it.
 *
 * @throws ConflictError when someone else moved the address after `observed`, or took it off the observed
 *   holder (then `current` has no association).
 * @throws the associate's error after putting the address back; a TransientError saying "left unassociated"
 *   only when even the way back failed; a TransientError (reason `unavailable`) when a read still contradicts
 *   EC2's answer after the lag bound, or (reason `deadline`) when no time is left to read again after it.
 * @example
 * const seen = await locate(ec2, ref, options);
 * await claimIfUnchanged(ec2, seen, { kind: "instance", instanceId: standby }, options);
 */
export async function claimIfUnchanged(
  ec2: EC2Client,
  observed: AddressSnapshot,
  target: Target,
  options: OperationOptions & LagOptions,
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
  // A re-read after EC2 refused a call of ours, confirmed once the lag bound has passed when it contradicts the
  // refusal (`stale`); one that contradicts it even then means EC2's reads lag longer than the bound.
  const observedId = observed.association?.associationId;
  const reread = async (action: string, stale: (seen: AddressSnapshot) => boolean, cause: unknown) => {
    const context = {
      ...moveContext(action, observed, target),
      ...(observedId ? { associationId: observedId } : {}),
    };
    const seen = await confirmRead(() => locate(ec2, ref, options), stale, sinceNow(options.deadline), {
      ...options,
      context,
    });
    // With a bound of 0 reads are taken as exact, and what was read is what is.
    if (!stale(seen) || lagBoundOf(options) <= 0) return seen;
    throw new TransientError(
      `reads lag: ${observed.allocationId} still shows ${describeHolder(seen)}${seen.association ? ` (${seen.association.associationId})` : ""} after the ${lagBoundOf(options)} ms lag bound, though EC2's ${action} answered otherwise; retrying`,
      context,
      { reason: ErrorReasons.unavailable, cause },
    );
  };

  const attemptMs = options.policy?.minAttemptMs ?? DEFAULT_RETRY_POLICY.minAttemptMs;
  if (observed.association) {
    const first = mayHaveLanded({ ...options, deadline: shortenedBy(options.deadline, 2 * attemptMs) });
    try {
      // Leave room for the associate and, should it fail, the way back.
      await disassociate(ec2, observed, observed.association.associationId, first);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The observed association is gone (EC2 says so; a read still showing it lags). Unassociated now after an
      // attempt of ours that may have landed: that was us, so the move goes on. Otherwise someone else took it
      // off (a duplicate of this decision mid-move, Pacemaker, an operator): theirs to place, as any newer
      // decision is.
      const current = await reread(
        "DisassociateAddress",
        (seen) => seen.association?.associationId === observedId,
        error,
      );
      if (current.association && holds(current, target))
        return { changed: false, association: current.association };
      if (current.association || !first.landed()) throw conflict(current, error);
    }
  }

  const second = mayHaveLanded({ ...options, deadline: shortenedBy(options.deadline, attemptMs) });
  try {
    const association = await associate(ec2, observed, target, false, second);
    return {
      changed: true,
      association,
      ...(observed.association ? { previous: observed.association } : {}),
    };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw await putBack(ec2, observed, target, error, options);
    // Someone holds it now (EC2 says so): a read showing nobody, or the association observed (gone: ours to
    // remove, or EC2 said so), lags.
    const current = await reread(
      "AssociateAddress",
      (seen) => !seen.association || seen.association.associationId === observedId,
      error,
    );
    // On `target` already: ours only if an earlier attempt of ours may have landed; otherwise another caller
    // (a duplicate of this decision) put it there, and that caller reports the move.
    if (current.association && holds(current, target))
      return second.landed()
        ? { changed: true, association: current.association }
        : { changed: false, association: current.association };
    throw conflict(current, error);
  }
}

/**
 * The options with their retry hook watched: `landed()` is true once an attempt failed in a way that may have
 * taken effect unanswered (a timeout, a reset, a server error), never for a throttled one EC2 refused.
 */
function mayHaveLanded(options: OperationOptions): OperationOptions & { landed(): boolean } {
  let landed = false;
  return {
    ...options,
    onRetry: (info) => {
      if (info.error.reason !== ErrorReasons.throttled) landed = true;
      options.onRetry?.(info);
    },
    landed: () => landed,
  };
}

/**
 * After a failed associate, associates the address where it was observed (`AllowReassociation=false`, so a
 * newer holder keeps it). Returns the error to throw: the associate's own when nothing was taken away or the
 * address is held again, by the observed holder or by whoever acted meanwhile; otherwise one that says it is
 * left unassociated.
 */
async function putBack(
  ec2: EC2Client,
  observed: AddressSnapshot,
  target: Target,
  failure: unknown,
  options: OperationOptions,
): Promise<unknown> {
  if (!observed.association) return failure;
  let why = "EC2 named no instance or interface for the observed association";
  try {
    const back = targetOf(observed.association);
    if (back) {
      await associate(ec2, observed, back, false, options);
      return failure;
    }
  } catch (error) {
    if (error instanceof ConflictError) return failure;
    why = error instanceof Error ? error.message : String(error);
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  return new TransientError(
    `left unassociated: ${observed.allocationId} was disassociated from ${describeHolder(observed)}, but moving it to ${describeTarget(target)} failed (${reason}) and putting it back failed too (${why})`,
    moveContext("AssociateAddress", observed, target),
    // Retrying the whole move is what puts it somewhere again.
    { reason: ErrorReasons.unavailable, cause: failure },
  );
}
