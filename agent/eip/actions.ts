import type { EC2Client } from "@aws-sdk/client-ec2";
import { associate } from "../../core/associate.ts";
import type { Deadline } from "../../core/deadline.ts";
import { ConfigurationError, ErrorReasons, TransientError } from "../../core/errors.ts";
import { type AddressSource, locateIn, sdkAddresses } from "../../core/locate.ts";
import { describeHolder, describeTarget, holds } from "../../core/snapshot.ts";
import { targetOf } from "../../core/target.ts";
import type { AddressSnapshot, Target } from "../../core/types.ts";
import { ParameterError } from "../ocf/errors.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import type { Identity } from "../ocf/identity.ts";
import type { ImdsSession } from "../ocf/imds.ts";
import { realTime, type Timekeeper } from "../ocf/lag.ts";
import type { Written } from "../ocf/written.ts";
import type { AgentConfig } from "./config.ts";
import type { AddressWritten } from "./own-association.ts";
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
  /**
   * Where DescribeAddresses is asked instead of `ec2` (a probe's read without the SDK: addresses-query.ts);
   * undefined: `ec2`.
   */
  readonly addresses?: AddressSource | undefined;
  /** Resolves the EC2 client's credentials inside the deadline, before its first call; undefined: the SDK's own. */
  readonly credentials?: () => Promise<void>;
  /** The association this node's start made, until stop; undefined: nothing remembered (every read is doubted). */
  readonly written?: Written<AddressWritten>;
  /**
   * The resource's target-role as the CIB holds it (../ocf/cib.ts), for a stop whose environment does not carry it;
   * undefined: not asked (no Pacemaker), the environment's answer alone.
   */
  readonly targetRole?: () => Promise<string | undefined>;
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
 * One DescribeAddresses (through `ctx.addresses` when given, else the SDK's client), plus the check that
 * allocation_id and elastic_ip (if both given) agree. Remembers the allocation's public IP, so later recurring
 * monitors can ask IMDSv2 without EC2.
 */
export async function observe(ctx: ActionContext): Promise<AddressSnapshot> {
  let source = ctx.addresses;
  if (!source) {
    await ctx.credentials?.();
    source = sdkAddresses(ctx.ec2);
  }
  const snapshot = await locateIn(source, ctx.config.address, { deadline: ctx.deadline });
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
