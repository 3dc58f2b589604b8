// Covered by test/unit/agent/eip/actions.test.ts, handover.test.ts and test/integration/agent/exit-codes.test.ts.
import { ErrorReasons, isEipError } from "../../core/errors.ts";
import { describeRef } from "../../core/locate.ts";
import { release } from "../../core/release.ts";
import { describeHolder, holds } from "../../core/snapshot.ts";
import type { AddressSnapshot, Target } from "../../core/types.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import { insideBound, realTime } from "../ocf/lag.ts";
import { type ActionContext, foreignInterface, notAttached, observe, targetFor } from "./actions.ts";
import { handOver, releaseReason } from "./handover.ts";
import {
  type AddressWritten,
  associationOf,
  ownAssociation,
  ownChange,
  underHandover,
} from "./own-association.ts";

/** What stop did with the association a read showed, for the log line. */
function releaseNote(snapshot: AddressSnapshot, here: boolean, changed: boolean): string {
  if (changed) return `${snapshot.publicIp} released from this node`;
  if (here)
    return `${snapshot.publicIp}: ${snapshot.association?.associationId} already gone (the read that showed it here lagged); nothing to release`;
  return `${snapshot.publicIp} not on this node (${describeHolder(snapshot)}); nothing to release`;
}

/**
 * After this node's migrate_to: why a releasing stop has nothing to release. A read under the handover mark
 * (own-association.ts's underHandover: not here, the association handed over, or inside api_lag, where it may lag
 * behind the target's AssociateAddress) is not released; a read after api_lag that shows a newer association here
 * shows someone's later move here, which stop then releases as usual. A stop's own handover is no migration: a
 * releasing stop releases what it kept.
 */
function migratedAway(
  own: (AddressWritten & { readonly at: number }) | undefined,
  snapshot: AddressSnapshot,
  self: Target,
  readAt: number,
  lagMs: number,
): string | undefined {
  if (own?.handedTo === undefined || !underHandover(own, snapshot, self, readAt, lagMs)) return undefined;
  const seen = holds(snapshot, self)
    ? `a read still shows ${snapshot.association?.associationId} here (it may lag behind the target's AssociateAddress)`
    : `${describeHolder(snapshot)} holds it`;
  return `${snapshot.publicIp} handed over to ${own.handedTo} by migrate_to; ${seen}; nothing to release (no call)`;
}

/**
 * The releasing stop: disassociates only this node's associations, each by its id, so a stale one can never
 * detach the new holder's: the one a read shows here, and this node's own one (its start's) when it is younger
 * than api_lag and the read does not show it yet. An association already gone counts as released; after a
 * migrate_to it makes no call. Remembers what it released (so a lagging read cannot make a monitor say running
 * here), else forgets its start's association.
 */
async function releaseHere(ctx: ActionContext): Promise<Outcome> {
  const time = ctx.time ?? realTime;
  const readAt = time.now();
  let snapshot: AddressSnapshot;
  try {
    snapshot = await observe(ctx);
  } catch (error) {
    // An address that does not exist is not held here: stopping it must not block the cluster.
    if (isEipError(error) && error.reason === ErrorReasons.notFound) {
      await ctx.written?.clear();
      return ok(`${describeRef(ctx.config.address)} not found; nothing to release`);
    }
    throw error;
  }
  const self = targetFor(ctx.config, ctx.identity);
  const own = await ownAssociation(ctx.written, snapshot);
  const migrated = migratedAway(own, snapshot, self, readAt, ctx.config.lagMs);
  if (migrated) return ok(migrated);
  const options = { deadline: ctx.deadline };
  const shown = await release(ctx.ec2, snapshot, self, options);
  let released = shown.changed ? snapshot.association?.associationId : undefined;
  const notes = [releaseNote(snapshot, holds(snapshot, self), shown.changed)];
  const change = ownChange(own, snapshot, self);
  if (own && change?.here && !change.shown && insideBound(own.at, ctx.config.lagMs, time.now())) {
    const mine = { ...snapshot, association: associationOf(self, own.associationId) };
    const result = await release(ctx.ec2, mine, self, options);
    if (result.changed) released = own.associationId;
    notes.push(
      `its own ${own.associationId}, ${time.now() - own.at} ms old, which the read may not show yet: ${result.changed ? "released" : "already gone"}`,
    );
  }
  if (released)
    await ctx.written?.put(
      { allocationId: snapshot.allocationId, associationId: released, stopped: true },
      time.now(),
    );
  // A stop that released nothing keeps an earlier stop's record: that release is still this node's last change.
  else if (!own?.stopped || own.handedOver) await ctx.written?.clear();
  return ok(notes.join("; "));
}

/**
 * stop: gives the address back only when the resource is being stopped everywhere (target-role Stopped, from the
 * environment or else the CIB: Pacemaker 2.1 does not pass it) or release_on_stop asks for it (handover.ts's releaseReason); otherwise it hands the address over to the next
 * start and makes no mutating call, so the address never points nowhere while a live node could hold it (a move,
 * a standby, the recovery of a resource active on two nodes). Success when nothing is held; never 7.
 *
 * @example
 * await stop(ctx) // ok("eipalloc-… handed over to the next start: eipassoc-… stays until … (no call here)")
 */
export async function stop(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign) {
    await ctx.written?.clear();
    return ok(`${notAttached(foreign, ctx.identity)}: nothing of this node's to release`);
  }
  const { config } = ctx;
  const targetRole = config.targetRole ?? (config.releaseOnStop ? undefined : await ctx.targetRole?.());
  return releaseReason({ ...config, ...(targetRole ? { targetRole } : {}) })
    ? releaseHere(ctx)
    : handOver(ctx);
}
