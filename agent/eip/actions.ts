import type { EC2Client } from "@aws-sdk/client-ec2";
import { associate } from "../../core/associate.ts";
import type { Deadline } from "../../core/deadline.ts";
import { ConfigurationError, ErrorReasons, isEipError, TransientError } from "../../core/errors.ts";
import { describeRef, locate } from "../../core/locate.ts";
import { release } from "../../core/release.ts";
import { describeHolder, describeTarget, holds } from "../../core/snapshot.ts";
import { targetOf } from "../../core/target.ts";
import type { AddressSnapshot, Target } from "../../core/types.ts";
import { ParameterError } from "../ocf/errors.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import type { Identity } from "../ocf/identity.ts";
import type { ImdsSession } from "../ocf/imds.ts";
import { insideBound, realTime, type Timekeeper } from "../ocf/lag.ts";
import type { Written } from "../ocf/written.ts";
import type { AgentConfig } from "./config.ts";
import { type AddressWritten, associationOf, ownAssociation, ownChange } from "./own-association.ts";
import type { PublicIpCache } from "./public-ip-cache.ts";

/** What every network action needs; `main.ts` builds it, tests build it by hand. */
export interface ActionContext {
  readonly ec2: EC2Client;
  readonly config: AgentConfig;
  readonly identity: Identity;
  readonly deadline: Deadline;
  /** Opens an IMDSv2 session, for the recurring monitor; undefined: the monitor asks EC2. */
  readonly imds?: () => Promise<ImdsSession>;
  /** Remembers allocations' public IPs (IMDS names addresses by public IP); undefined: nothing remembered. */
  readonly publicIps?: PublicIpCache;
  /** Resolves the EC2 client's credentials inside the deadline, before its first call; undefined: the SDK's own. */
  readonly credentials?: () => Promise<void>;
  /** The association this node's start made, until stop; undefined: nothing remembered (every read is doubted). */
  readonly written?: Written<AddressWritten>;
  /** Clock and sleep for the lag bound's waits; undefined: {@link realTime}. */
  readonly time?: Timekeeper;
}

/**
 * The configured interface when it is not attached to this instance. Resource parameters are the same on every
 * node, so `network_interface_id` names one node's interface: elsewhere that node's address is not ours to
 * report, claim or release.
 */
export function foreignInterface(config: AgentConfig, identity: Identity): string | undefined {
  const eni = config.networkInterfaceId;
  return eni && !identity.networkInterfaceIds.includes(eni) ? eni : undefined;
}

/** Why this node is not the configured interface's, for messages. */
export const notAttached = (eni: string, identity: Identity) =>
  `network_interface_id ${eni} is not attached to this instance ${identity.instanceId} (its interfaces: ${identity.networkInterfaceIds.join(", ")})`;

/**
 * This node as an association target: the instance, unless an interface or private IP was configured. A
 * private IP without an interface is one of this node's primary interface (IMDSv2 named it), so the agent,
 * unlike the controller, can complete what core's rule asks for.
 */
export function targetFor(config: AgentConfig, identity: Identity): Target {
  const { networkInterfaceId, privateIpAddress } = config;
  const eni = networkInterfaceId ?? (privateIpAddress ? identity.networkInterfaceId : undefined);
  return targetOf({
    instanceId: identity.instanceId,
    ...(eni ? { networkInterfaceId: eni } : {}),
    ...(privateIpAddress ? { privateIpAddress } : {}),
  });
}

/**
 * One DescribeAddresses, plus the check that allocation_id and elastic_ip (if both given) agree. Remembers the
 * allocation's public IP, so later recurring monitors can ask IMDSv2 without EC2.
 */
export async function observe(ctx: ActionContext): Promise<AddressSnapshot> {
  await ctx.credentials?.();
  const snapshot = await locate(ctx.ec2, ctx.config.address, { deadline: ctx.deadline });
  await ctx.publicIps?.put(snapshot.allocationId, snapshot.publicIp);
  const also = ctx.config.alsoPublicIp;
  if (also && snapshot.publicIp !== also)
    throw new ConfigurationError(
      `allocation_id and elastic_ip name different addresses: ${snapshot.allocationId} is ${snapshot.publicIp}, not ${also} (give one, or both of the same address)`,
      { allocationId: snapshot.allocationId, publicIp: also },
      { reason: ErrorReasons.malformed },
    );
  return snapshot;
}

/**
 * start: one atomic AssociateAddress (AllowReassociation), confirmed by its answer, whose association id this node
 * remembers (until its stop). It associates even when a read shows the address here already: that read may lag
 * behind someone's DisassociateAddress (this node's own stop, another actor's), and associating again with this
 * node changes nothing (AWS may bill it as a remap). Only with api_lag 0, where reads are exact, does a read that
 * shows the address here spare the call.
 */
export async function start(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign)
    throw new ParameterError(
      `${notAttached(foreign, ctx.identity)}: cannot start here`,
      ErrorReasons.targetRefused,
    );
  const snapshot = await observe(ctx);
  const self = targetFor(ctx.config, ctx.identity);
  const here = holds(snapshot, self);
  if (here && ctx.config.lagMs === 0)
    return ok(`${snapshot.publicIp} already on this node (${snapshot.association?.associationId})`);
  const association = await associate(ctx.ec2, snapshot, self, true, { deadline: ctx.deadline });
  if (!association.associationId)
    throw new TransientError(
      `AssociateAddress of ${snapshot.allocationId} to ${describeTarget(self)} returned no association id`,
      { action: "AssociateAddress", allocationId: snapshot.allocationId },
      { reason: ErrorReasons.unavailable },
    );
  const { allocationId } = snapshot;
  await ctx.written?.put(
    { allocationId, associationId: association.associationId },
    (ctx.time ?? realTime).now(),
  );
  const from = here
    ? "this node again (a read showed it here, but a read may lag)"
    : `${describeHolder(snapshot)} to this node`;
  return ok(`${snapshot.publicIp} moved from ${from} (${association.associationId})`);
}

/** What stop did with the association a read showed, for the log line. */
function releaseNote(snapshot: AddressSnapshot, here: boolean, changed: boolean): string {
  if (changed) return `${snapshot.publicIp} released from this node`;
  if (here)
    return `${snapshot.publicIp}: ${snapshot.association?.associationId} already gone (the read that showed it here lagged); nothing to release`;
  return `${snapshot.publicIp} not on this node (${describeHolder(snapshot)}); nothing to release`;
}

/**
 * After this node's migrate_to (migrate.ts): why stop has nothing to release. Inside api_lag from the handover a
 * read that shows the address here may lag behind the target's AssociateAddress (showing any older association,
 * even the one before this node's start), so it is not believed; after it, one that shows an association here
 * other than the one handed over shows someone's later move here, which stop then releases as usual.
 */
function handedOver(
  own: (AddressWritten & { readonly at: number }) | undefined,
  snapshot: AddressSnapshot,
  self: Target,
  fresh: boolean,
): string | undefined {
  if (own?.handedTo === undefined) return undefined;
  const here = holds(snapshot, self);
  const shown = snapshot.association?.associationId;
  if (here && !fresh && shown !== own.associationId) return undefined;
  const seen = here
    ? `a read still shows ${shown} here (it may lag behind the target's AssociateAddress)`
    : `${describeHolder(snapshot)} holds it`;
  return `${snapshot.publicIp} handed over to ${own.handedTo} by migrate_to; ${seen}; nothing to release (no call)`;
}

/**
 * stop: after a migrate_to, makes no call: the target's migrate_from took the address in one call. Otherwise it
 * disassociates only this node's associations, each by its id, so a stale one can never detach the new
 * holder's: the one a read shows here, and this node's own one (its start's) when it is younger than api_lag and
 * the read does not show it yet. An association already gone counts as released. Success when nothing is held;
 * never 7. Remembers what it released (so a lagging read cannot make a monitor say running here), else forgets
 * its start's association.
 */
export async function stop(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign) {
    await ctx.written?.clear();
    return ok(`${notAttached(foreign, ctx.identity)}: nothing of this node's to release`);
  }
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
  const fresh = own !== undefined && insideBound(own.at, ctx.config.lagMs, readAt);
  const handed = handedOver(own, snapshot, self, fresh);
  if (handed) return ok(handed);
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
  else if (!own?.stopped) await ctx.written?.clear();
  return ok(notes.join("; "));
}
