// Covered by test/unit/agent/eip/handover.test.ts, migrate.test.ts and test/integration/agent/exit-codes.test.ts.
import { ErrorReasons, isEipError } from "../../core/errors.ts";
import { describeRef } from "../../core/locate.ts";
import { holds } from "../../core/snapshot.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import { realTime } from "../ocf/lag.ts";
import { type ActionContext, observe, targetFor } from "./actions.ts";
import type { AgentConfig } from "./config.ts";

// The handover: this node gives the address up without a call, and the next holder's one AssociateAddress
// (AllowReassociation) takes it over, so it never points nowhere while a live node could hold it. migrate_to hands
// it to Pacemaker's migration target; a stop hands it to whichever node Pacemaker starts it on next, unless the
// resource is being stopped everywhere. The mark under HA_RSCTMP (a reboot clears it) makes this node's probes and
// monitors answer 7 until a start here (own-association.ts's underHandover).

/**
 * Why a stop gives the address back (pure): the release_on_stop parameter, or Pacemaker's target-role Stopped
 * (the resource is disabled: stopped everywhere); undefined: the stop hands it over and makes no call.
 *
 * @example
 * releaseReason({ targetRole: "stopped" }) // "target-role Stopped (the resource is being stopped everywhere)"
 * releaseReason({}) // undefined
 */
export function releaseReason(config: Pick<AgentConfig, "releaseOnStop" | "targetRole">): string | undefined {
  if (config.releaseOnStop) return "release_on_stop=true";
  if (config.targetRole?.toLowerCase() === "stopped")
    return "target-role Stopped (the resource is being stopped everywhere)";
  return undefined;
}

/**
 * The association this node holds, to name in the handover: its own start's (trust what you wrote), else the one
 * a read (DescribeAddresses, which changes nothing) shows here; "" when neither does.
 */
async function heldAssociation(ctx: ActionContext): Promise<{ allocationId: string; associationId: string }> {
  const own = await ctx.written?.get();
  const address = ctx.config.address;
  const same = "allocationId" in address && own?.allocationId === address.allocationId;
  if (own && same && !own.stopped)
    return { allocationId: own.allocationId, associationId: own.associationId };
  const snapshot = await observe(ctx);
  const here = holds(snapshot, targetFor(ctx.config, ctx.identity));
  return {
    allocationId: snapshot.allocationId,
    associationId: here ? (snapshot.association?.associationId ?? "") : "",
  };
}

/**
 * Hands the address over (to `to`, migrate_to's target; undefined: to the next start, a stop's) and changes
 * nothing in EC2: remembers the association under HA_RSCTMP with the handover mark. A mark already there for this
 * address (a stop after migrate_to, a second stop) is kept as it is, with no call.
 *
 * @example
 * await handOver(ctx, "node-b") // ok("eipalloc-… handed over to node-b: eipassoc-… stays until … (no call here)")
 */
export async function handOver(ctx: ActionContext, to?: string): Promise<Outcome> {
  const own = await ctx.written?.get();
  const address = ctx.config.address;
  const same = "allocationId" in address ? own?.allocationId === address.allocationId : true;
  if (own?.handedOver && same && (to === undefined || own.handedTo === to))
    return ok(
      `${own.allocationId} already handed over${own.handedTo ? ` to ${own.handedTo}` : ""}: ${own.associationId || "no association of this node's"} stays until another node's start replaces it (no call)`,
    );
  let held: { allocationId: string; associationId: string };
  try {
    held = await heldAssociation(ctx);
  } catch (error) {
    // A stop's: an address that does not exist is not held here, and stopping it must not block the cluster.
    if (to === undefined && isEipError(error) && error.reason === ErrorReasons.notFound) {
      await ctx.written?.clear();
      return ok(`${describeRef(ctx.config.address)} not found; nothing to hand over`);
    }
    throw error;
  }
  const mark = { ...held, stopped: true, handedOver: true, ...(to ? { handedTo: to } : {}) } as const;
  await ctx.written?.put(mark, (ctx.time ?? realTime).now());
  const what = held.associationId || "no association of this node's";
  const next = to ? "migrate_from there" : "a start, on any node,";
  return ok(
    `${held.allocationId} handed over to ${to ?? "the next start"}: ${what} stays until ${next} replaces it in one call (no call here)`,
  );
}
