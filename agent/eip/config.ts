import type { AddressRef } from "../../core/types.ts";
import { commonConfig, isTrue, type OcfConfig, readTable } from "../ocf/config.ts";
import type { Env } from "../ocf/environment.ts";
import { ParameterError } from "../ocf/errors.ts";
import { EIP_AGENT } from "./meta-data.ts";

/**
 * The eip agent's parameters and environment, parsed and checked for syntax. No network was touched to build it.
 */
export interface AgentConfig extends OcfConfig {
  readonly address: AddressRef;
  /** Set when both allocation_id and elastic_ip were given: they must name the same address. */
  readonly alsoPublicIp?: string;
  readonly privateIpAddress?: string;
  readonly networkInterfaceId?: string;
  /** release_on_stop: every stop gives the address back; undefined: only a stop of a disabled resource (handover.ts). */
  readonly releaseOnStop?: true;
  /** The resource's target-role meta attribute, as Pacemaker passes it (OCF_RESKEY_CRM_meta_target_role); undefined: not passed. */
  readonly targetRole?: string;
}

/**
 * Parses OCF_RESKEY_* and the OCF meta variables from the eip agent's table ({@link EIP_AGENT}). Every problem
 * names the parameter, the value and what would be valid.
 *
 * @throws ParameterError: reason `malformed` for missing, malformed, unknown (unless `lenient`, for stop) or
 * contradictory parameters; `argument` for a malformed timeout (Pacemaker's own argument).
 * @example
 * parseConfig({ OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0" }).address // { allocationId: … }
 */
export function parseConfig(env: Env, options: { readonly lenient?: boolean } = {}): AgentConfig {
  const read = readTable(env, EIP_AGENT, options);
  const p = read.values;
  if (!p.allocation_id && !p.elastic_ip)
    throw new ParameterError(
      "missing parameter: allocation_id or elastic_ip is required (e.g. allocation_id=eipalloc-0123456789abcdef0)",
    );
  return {
    ...commonConfig(env, EIP_AGENT, read),
    address: p.allocation_id ? { allocationId: p.allocation_id } : { publicIp: p.elastic_ip! },
    ...(p.allocation_id && p.elastic_ip ? { alsoPublicIp: p.elastic_ip } : {}),
    ...(p.private_ip_address ? { privateIpAddress: p.private_ip_address } : {}),
    ...(p.network_interface_id ? { networkInterfaceId: p.network_interface_id } : {}),
    ...(isTrue(p.release_on_stop) ? { releaseOnStop: true as const } : {}),
    ...(env.OCF_RESKEY_CRM_meta_target_role ? { targetRole: env.OCF_RESKEY_CRM_meta_target_role } : {}),
  };
}
