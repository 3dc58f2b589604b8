import { ErrorKinds, isEipError } from "../../core/errors.ts";
import { describeHolder, describeTarget, holds } from "../../core/snapshot.ts";
import type { AddressSnapshot, Target } from "../../core/types.ts";
import { notRunning, type Outcome, ok } from "../ocf/exit.ts";
import { confirm, doubt, insideBound, realTime } from "../ocf/lag.ts";
import { type ActionContext, foreignInterface, notAttached, observe, targetFor } from "./actions.ts";
import { type ImdsView, imdsHolds } from "./imds-holds.ts";
import { type AddressWritten, ownAssociation, ownChange, underHandover } from "./own-association.ts";

/** 0 with what `snapshot` shows when this node holds the address in it, else 7; `how` joins the note. */
function answer(snapshot: AddressSnapshot, self: Target, how = ""): Outcome {
  return holds(snapshot, self)
    ? ok(`${snapshot.publicIp} is on this node (${describeTarget(self)})${how}`)
    : notRunning(`${snapshot.publicIp} is on ${describeHolder(snapshot)}, not this node${how}`);
}

/** Why a read under this node's handover mark (own-association.ts's underHandover) answers 7, for the log line. */
function handedOverNote(
  own: AddressWritten & { readonly at: number },
  snapshot: AddressSnapshot,
  self: Target,
) {
  const by = own.handedTo === undefined ? "stop" : `migrate_to to ${own.handedTo}`;
  const seen = holds(snapshot, self)
    ? `a read still shows ${snapshot.association?.associationId} here, which the next holder's start replaces`
    : `${describeHolder(snapshot)} holds it`;
  return `${snapshot.publicIp} handed over by this node's ${by} (no call); ${seen}; not running here until a start here`;
}

/**
 * One DescribeAddresses: 0 when this node holds the address, 7 when it cleanly does not, or when this node handed
 * it over (its stop's or migrate_to's mark) and the read shows no newer association here. A read that ../ocf/lag.ts
 * doubts (it does not show this node's own young change, it contradicts `localHere`, or a probe finds the address
 * here) is read again once api_lag has passed, and the second read answers; without room or answer for it, the
 * doubt's answer does (this node's own change, else 0).
 */
async function monitorByEc2(ctx: ActionContext, localHere?: string): Promise<Outcome> {
  const time = ctx.time ?? realTime;
  const self = targetFor(ctx.config, ctx.identity);
  const readAt = time.now();
  const snapshot = await observe(ctx);
  const here = holds(snapshot, self);
  const mine = await ownAssociation(ctx.written, snapshot);
  if (mine && underHandover(mine, snapshot, self, readAt, ctx.config.lagMs))
    return notRunning(handedOverNote(mine, snapshot, self));
  const own = ownChange(mine, snapshot, self);
  const d = doubt({
    here,
    readAt,
    probe: ctx.config.intervalMs === 0,
    ...(own ? { own } : {}),
    ...(localHere ? { localHere } : {}),
    boundMs: ctx.config.lagMs,
  });
  if (!d) return answer(snapshot, self);
  const second = await confirm(d, ctx.deadline, time, () => observe(ctx));
  if ("read" in second) return answer(second.read, self, `; confirmed by a second read (${d.why})`);
  const said = here ? "here" : describeHolder(snapshot);
  const why = `the read said ${said} (${d.why}); ${second.unconfirmed}`;
  return d.here
    ? ok(`${snapshot.publicIp} taken as on this node, ${why}`)
    : notRunning(`${snapshot.publicIp} taken as not on this node, released by its own stop; ${why}`);
}

/**
 * Why a recurring monitor must ask EC2 whatever IMDS says: this node handed the address over (IMDS names no
 * association, so it cannot tell a newer one), or its own stop released it less than api_lag ago (IMDS may still
 * show it); else undefined.
 */
async function givenUp(ctx: ActionContext): Promise<string | undefined> {
  const own = await ctx.written?.get();
  const address = ctx.config.address;
  const same = "allocationId" in address ? own?.allocationId === address.allocationId : true;
  if (!own?.stopped || !same) return undefined;
  if (own.handedOver)
    return `this node's own ${own.handedTo === undefined ? "stop" : `migrate_to to ${own.handedTo}`} handed ${own.associationId || "the address"} over`;
  const now = (ctx.time ?? realTime).now();
  if (!insideBound(own.at, ctx.config.lagMs, now)) return undefined;
  return `this node's own stop released ${own.associationId} ${now - own.at} ms ago, inside api_lag`;
}

/** `outcome` with why EC2 was asked, when it has a note. */
const withWhy = (outcome: Outcome, why: string): Outcome =>
  "note" in outcome ? { ...outcome, note: `${outcome.note}; asked EC2: ${why}` } : outcome;

/** The address's public IP without asking EC2: configured, or remembered from an earlier EC2 answer. */
async function knownPublicIp(ctx: ActionContext): Promise<string | undefined> {
  const { address, alsoPublicIp } = ctx.config;
  if ("publicIp" in address) return address.publicIp;
  return alsoPublicIp ?? (await ctx.publicIps?.get(address.allocationId));
}

/** What IMDSv2 says of `publicIp` here, or why it was not asked. */
async function imdsView(ctx: ActionContext, publicIp: string | undefined): Promise<ImdsView> {
  if (!publicIp) return { held: false, why: "the address's public IP is not known yet" };
  if (!ctx.imds) return { held: false, why: "no IMDSv2 session" };
  return imdsHolds(ctx.imds, publicIp, targetFor(ctx.config, ctx.identity), ctx.identity);
}

/**
 * monitor/status: 0 when this node holds the address, 7 when it cleanly does not.
 *
 * A probe (interval 0) asks EC2: it decides where Pacemaker thinks the resource is active, so a stale "held"
 * must not reach it. A recurring monitor reads IMDSv2 first and answers 0 from it with no EC2 call; it asks
 * EC2 when IMDS does not show the address (IMDS can lag behind an association just made), when IMDS does not
 * answer, and always with `monapi`. When IMDS shows the address and EC2 then fails transiently, the answer is
 * still 0, and the note says the confirmation was skipped: an EC2 outage must not make Pacemaker recover a
 * healthy holder. Every EC2 read is judged against what this node knows (../ocf/lag.ts): its own association from start,
 * younger than api_lag, and IMDS's view; a read that contradicts them, and a probe's "here" that nothing fresh
 * backs, is read again after api_lag, so neither a lagging read nor a stale one reaches Pacemaker.
 */
export async function monitor(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign) return notRunning(`${notAttached(foreign, ctx.identity)}: this node cannot hold the address`);
  if (ctx.config.intervalMs === 0) return monitorByEc2(ctx);
  const released = await givenUp(ctx);
  if (released) return withWhy(await monitorByEc2(ctx), released);
  const publicIp = await knownPublicIp(ctx);
  const seen = await imdsView(ctx, publicIp);
  const shown = `${publicIp} is on this node (${describeTarget(targetFor(ctx.config, ctx.identity))}), as IMDSv2 shows`;
  if (seen.held && !ctx.config.monitorEc2) return ok(shown);
  try {
    const byEc2 = await monitorByEc2(ctx, seen.held ? "IMDSv2 shows it here" : undefined);
    return seen.held ? byEc2 : withWhy(byEc2, seen.why);
  } catch (error) {
    if (seen.held && isEipError(error) && error.kind === ErrorKinds.transient)
      return ok(`${shown}; EC2 confirmation skipped: ${error.message}`);
    throw error;
  }
}
