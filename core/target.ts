import { ConfigurationError, ErrorReasons } from "./errors.ts";
import type { Member, Target } from "./types.ts";

/**
 * Where an address points or is to point, as plain fields: a configured {@link Member}, or an
 * {@link Association} as EC2 reported it. Any field may be undefined.
 */
export interface Placement {
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
}

/**
 * Why a placement cannot be made a target, or undefined when it can. The one rule: a private IP belongs to one
 * network interface, so `privateIpAddress` needs `networkInterfaceId` (the controller cannot guess the ENI;
 * the agent fills in its own primary interface from IMDSv2 before asking). The controller's cluster schema
 * rejects a member with this message, naming the field.
 *
 * @example
 * placementProblem({ instanceId: "i-0123456789abcdef0", privateIpAddress: "10.0.1.20" })
 * // "privateIpAddress 10.0.1.20 needs networkInterfaceId (instance i-0123456789abcdef0): …"
 */
export function placementProblem(placement: Placement): string | undefined {
  const { instanceId, networkInterfaceId, privateIpAddress } = placement;
  if (!privateIpAddress || networkInterfaceId) return undefined;
  const of = instanceId ? ` (instance ${instanceId})` : "";
  return `privateIpAddress ${privateIpAddress} needs networkInterfaceId${of}: a private IP belongs to one network interface (give the eni-… that holds it, or leave both out to target the instance)`;
}

/**
 * The association target for a member or an observed association: its network interface (and private IP)
 * when one is named, else its instance. A member always has a target; an association that names neither an
 * interface nor an instance has none (undefined).
 *
 * @throws ConfigurationError (reason `malformed`) naming `privateIpAddress` when it comes without `networkInterfaceId`
 *   (see {@link placementProblem}); it is never silently dropped.
 * @example
 * targetOf({ instanceId: "i-0123456789abcdef0" }) // { kind: "instance", instanceId: "i-0123456789abcdef0" }
 * targetOf({ instanceId: "i-…", networkInterfaceId: "eni-…", privateIpAddress: "10.0.1.20" })
 * // { kind: "interface", networkInterfaceId: "eni-…", privateIpAddress: "10.0.1.20" }
 */
export function targetOf(member: Member): Target;
export function targetOf(placement: Placement): Target | undefined;
export function targetOf(placement: Placement): Target | undefined {
  const problem = placementProblem(placement);
  if (problem)
    throw new ConfigurationError(problem, placement.instanceId ? { instanceId: placement.instanceId } : {}, {
      reason: ErrorReasons.malformed,
    });
  const { instanceId, networkInterfaceId, privateIpAddress } = placement;
  if (networkInterfaceId)
    return { kind: "interface", networkInterfaceId, ...(privateIpAddress ? { privateIpAddress } : {}) };
  return instanceId ? { kind: "instance", instanceId } : undefined;
}
