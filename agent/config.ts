import { isIPv4 } from "node:net";
import { type AddressRef, isId } from "../core/index.ts";
import { OcfExit } from "./exit.ts";
import { DEFAULT_TIMEOUT_MS } from "./parameters.ts";

/** The agent's parameters, parsed and checked for syntax. No network was touched to build it. */
export interface AgentConfig {
  readonly address: AddressRef;
  /** Set when both allocation_id and elastic_ip were given: they must name the same address. */
  readonly alsoPublicIp?: string;
  readonly privateIpAddress?: string;
  readonly networkInterfaceId?: string;
  readonly region?: string;
  /** The operation's timeout in ms (OCF_RESKEY_CRM_meta_timeout). */
  readonly timeoutMs: number;
  /** OCF_RESOURCE_INSTANCE, for cache names and logs. */
  readonly resource: string;
  /** OCF_CHECK_LEVEL for validate-all. */
  readonly checkLevel: number;
}

/** A parameter problem, with the exit code it earns. */
export class ParameterError extends Error {
  override readonly name = "ParameterError";
  constructor(
    message: string,
    readonly code: typeof OcfExit.ERR_CONFIGURED | typeof OcfExit.ERR_ARGS = OcfExit.ERR_CONFIGURED,
  ) {
    super(message);
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function value(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const v = env[`OCF_RESKEY_${name}`]?.trim();
  return v ? v : undefined;
}

/**
 * Parses OCF_RESKEY_* and the OCF meta variables. Every problem names the parameter, the value and what
 * would be valid.
 *
 * @throws ParameterError (exit 6) for missing, malformed or contradictory parameters.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): AgentConfig {
  const allocationId = value(env, "allocation_id");
  const elasticIp = value(env, "elastic_ip");
  const privateIp = value(env, "private_ip_address");
  const eni = value(env, "network_interface_id");
  const region = value(env, "region");

  if (!allocationId && !elasticIp)
    throw new ParameterError(
      "missing parameter: allocation_id or elastic_ip is required (e.g. allocation_id=eipalloc-0123456789abcdef0)",
    );
  if (allocationId && !isId("allocationId", allocationId))
    throw new ParameterError(
      `allocation_id malformed: '${allocationId}' (expected e.g. eipalloc-0123456789abcdef0)`,
    );
  if (elasticIp && !isIPv4(elasticIp))
    throw new ParameterError(
      `elastic_ip malformed: '${elasticIp}' (expected an IPv4 address such as 203.0.113.10)`,
    );
  if (privateIp && !isIPv4(privateIp))
    throw new ParameterError(
      `private_ip_address malformed: '${privateIp}' (expected an IPv4 address such as 10.0.1.20)`,
    );
  if (eni && !isId("networkInterfaceId", eni))
    throw new ParameterError(
      `network_interface_id malformed: '${eni}' (expected e.g. eni-0123456789abcdef0)`,
    );
  if (region && !REGION.test(region))
    throw new ParameterError(`region malformed: '${region}' (expected e.g. ap-northeast-1)`);

  const rawTimeout = env.OCF_RESKEY_CRM_meta_timeout;
  const timeoutMs = rawTimeout === undefined || rawTimeout === "" ? DEFAULT_TIMEOUT_MS : Number(rawTimeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ParameterError(
      `OCF_RESKEY_CRM_meta_timeout malformed: '${rawTimeout}' (expected milliseconds > 0)`,
      OcfExit.ERR_ARGS,
    );
  const checkLevel = Number(env.OCF_CHECK_LEVEL ?? 0) || 0;

  return {
    address: allocationId ? { allocationId } : { publicIp: elasticIp! },
    ...(allocationId && elasticIp ? { alsoPublicIp: elasticIp } : {}),
    ...(privateIp ? { privateIpAddress: privateIp } : {}),
    ...(eni ? { networkInterfaceId: eni } : {}),
    ...(region ? { region } : {}),
    timeoutMs,
    resource: env.OCF_RESOURCE_INSTANCE || "eip",
    checkLevel,
  };
}

/**
 * The retry budget: the operation's timeout less a margin for process start and the final answer, so the
 * agent always answers before Pacemaker's timer fires.
 */
export function budgetMs(timeoutMs: number): number {
  const margin = Math.min(3_000, Math.max(500, timeoutMs * 0.1));
  return Math.max(0, timeoutMs - margin);
}
