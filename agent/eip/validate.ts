import { dryRunAssociate, dryRunDisassociate } from "../../core/dry-run.ts";
import { ConfigurationError, ErrorReasons } from "../../core/errors.ts";
import { holds } from "../../core/snapshot.ts";
import type { AddressSnapshot } from "../../core/types.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import { type ActionContext, foreignInterface, notAttached, observe, targetFor } from "./actions.ts";

/**
 * validate-all at OCF_CHECK_LEVEL ≥ 10: the address exists, is VPC-scoped, the parameters agree, and this
 * node's instance role may move it (see {@link provePermissions}).
 */
export async function validateDeep(ctx: ActionContext): Promise<Outcome> {
  const snapshot = await observe(ctx);
  if (snapshot.domain !== "vpc")
    throw new ConfigurationError(
      `${snapshot.publicIp} is an EC2-Classic address (domain standard); only VPC addresses can move`,
      { allocationId: snapshot.allocationId },
      { reason: ErrorReasons.malformed },
    );
  const proven = await provePermissions(ctx, snapshot);
  return ok(`${snapshot.allocationId} (${snapshot.publicIp}) exists in the VPC scope; ${proven}`);
}

/**
 * The permission proof, before any failover needs it: a DryRun AssociateAddress of the address to this node,
 * then a DryRun DisassociateAddress when this node holds it. EC2 checks the instance role against the real
 * resources and changes nothing. Answers what was proven, for the log line.
 *
 * @throws the first DryRun's core error that is not an allowed (a denial has reason `permission`: the agent
 *   exits 4 with a reason naming the IAM action and the resources).
 * @example
 * await provePermissions(ctx, snapshot) // "DryRun: ec2:AssociateAddress allowed"
 */
export async function provePermissions(ctx: ActionContext, snapshot: AddressSnapshot): Promise<string> {
  const foreign = foreignInterface(ctx.config, ctx.identity);
  // Another node's interface is not this node's to move the address to: only that node can prove it.
  if (foreign) return `permissions not proven here: ${notAttached(foreign, ctx.identity)}`;
  const self = targetFor(ctx.config, ctx.identity);
  const options = { deadline: ctx.deadline };
  const associate = await dryRunAssociate(ctx.ec2, snapshot, self, options);
  if (!associate.allowed) throw associate.error;
  const disassociate = holds(snapshot, self)
    ? await dryRunDisassociate(ctx.ec2, snapshot, options)
    : undefined;
  if (disassociate && !disassociate.allowed) throw disassociate.error;
  return `DryRun: ${[associate, disassociate].flatMap((a) => (a ? [`${a.action} allowed`] : [])).join(", ")}`;
}
