import type { EC2Client } from "@aws-sdk/client-ec2";
import { claim } from "../core/claim.ts";
import type { Deadline } from "../core/deadline.ts";
import { ConfigurationError, ErrorReasons, isEipError, TransientError } from "../core/errors.ts";
import { describeRef, locate } from "../core/locate.ts";
import { release } from "../core/release.ts";
import { describeHolder, describeTarget } from "../core/snapshot.ts";
import { targetOf } from "../core/target.ts";
import type { AddressSnapshot, Target } from "../core/types.ts";
import type { AgentConfig } from "./config.ts";
import { ParameterError } from "./errors.ts";
import { type Outcome, ok } from "./exit.ts";
import type { Identity } from "./identity.ts";
import type { ImdsSession } from "./imds.ts";
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

/** start: idempotent through monitor; otherwise one atomic AssociateAddress, confirmed by its answer. */
export async function start(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign)
    throw new ParameterError(
      `${notAttached(foreign, ctx.identity)}: cannot start here`,
      ErrorReasons.targetRefused,
    );
  const snapshot = await observe(ctx);
  const self = targetFor(ctx.config, ctx.identity);
  const result = await claim(ctx.ec2, snapshot, self, { deadline: ctx.deadline });
  if (!result.changed) return ok(`${snapshot.publicIp} already on this node`);
  if (!result.association.associationId)
    throw new TransientError(
      `AssociateAddress of ${snapshot.allocationId} to ${describeTarget(self)} returned no association id`,
      { action: "AssociateAddress", allocationId: snapshot.allocationId },
      { reason: ErrorReasons.unavailable },
    );
  return ok(
    `${snapshot.publicIp} moved from ${describeHolder(snapshot)} to this node (${result.association.associationId})`,
  );
}

/** stop: disassociates only what this node holds. Success when nothing is held; never 7. */
export async function stop(ctx: ActionContext): Promise<Outcome> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign) return ok(`${notAttached(foreign, ctx.identity)}: nothing of this node's to release`);
  let snapshot: AddressSnapshot;
  try {
    snapshot = await observe(ctx);
  } catch (error) {
    // An address that does not exist is not held here: stopping it must not block the cluster.
    if (isEipError(error) && error.reason === ErrorReasons.notFound)
      return ok(`${describeRef(ctx.config.address)} not found; nothing to release`);
    throw error;
  }
  const self = targetFor(ctx.config, ctx.identity);
  const result = await release(ctx.ec2, snapshot, self, { deadline: ctx.deadline });
  return ok(
    result.changed
      ? `${snapshot.publicIp} released from this node`
      : `${snapshot.publicIp} not on this node (${describeHolder(snapshot)}); nothing to release`,
  );
}
