import { ErrorReasons } from "../../core/errors.ts";
import type { AddressRef } from "../../core/types.ts";
import { type AgentEnvironment, type Env, readEnvironment } from "../ocf/environment.ts";
import { ParameterError } from "../ocf/errors.ts";
import {
  DEFAULT_API_LAG_S,
  DEFAULT_TIMEOUT_MS,
  IGNORED_PARAMETERS,
  PACEMAKER_KEY,
  PARAMETERS,
} from "./parameters.ts";

/**
 * The agent's parameters and environment, parsed and checked for syntax. No network was touched to build it.
 * Nothing else in the agent reads the environment.
 */
export interface AgentConfig extends AgentEnvironment {
  readonly address: AddressRef;
  /** Set when both allocation_id and elastic_ip were given: they must name the same address. */
  readonly alsoPublicIp?: string;
  readonly privateIpAddress?: string;
  readonly networkInterfaceId?: string;
  /** The `region` parameter, else AWS_REGION / AWS_DEFAULT_REGION; undefined: this instance's Region (IMDSv2). */
  readonly region?: string;
  /** The operation's timeout in ms (OCF_RESKEY_CRM_meta_timeout). */
  readonly timeoutMs: number;
  /** OCF_CHECK_LEVEL for validate-all. */
  readonly checkLevel: number;
  /** The monitor's interval in ms (OCF_RESKEY_CRM_meta_interval); 0 for a probe and every other action. */
  readonly intervalMs: number;
  /** The monapi parameter: true when every recurring monitor must ask EC2 too. */
  readonly monitorEc2: boolean;
  /** api_lag in ms: how late a read may show a change (the lag bound, see lag.ts); 0: reads are exact. */
  readonly lagMs: number;
  /** Parameters given and ignored (awseip's, or unknown ones on a lenient parse), for the log line. */
  readonly ignored?: readonly string[];
}

const KNOWN = new Set<string>([...PARAMETERS.map((p) => p.name), ...IGNORED_PARAMETERS]);

/** Every table parameter that was given, checked against its pattern. The route agent reads its table too. */
export function readParameters<N extends string>(
  env: Env,
  table: readonly { readonly name: N; readonly pattern: RegExp; readonly example: string }[],
): Partial<Record<N, string>> {
  const values: Partial<Record<N, string>> = {};
  for (const spec of table) {
    const value = env[`OCF_RESKEY_${spec.name}`]?.trim();
    if (!value) continue;
    if (!spec.pattern.test(value))
      throw new ParameterError(`${spec.name} malformed: '${value}' (expected e.g. ${spec.example})`);
    values[spec.name] = value;
  }
  return values;
}

/** The OCF_RESKEY_* names that are neither Pacemaker's own nor in `known`. */
export function unknownNames(env: Env, known: ReadonlySet<string> = KNOWN): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith("OCF_RESKEY_"))
    .map((k) => k.slice("OCF_RESKEY_".length))
    .filter((name) => !PACEMAKER_KEY.test(name) && !known.has(name));
}

/** One of Pacemaker's own millisecond arguments; a malformed one is the caller's fault (reason argument). */
export function millisecondsOf(env: Env, name: string, fallback: number, least: number): number {
  const raw = env[name];
  const ms = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(ms) || ms < least)
    throw new ParameterError(
      `${name} malformed: '${raw}' (expected milliseconds ${least ? `> ${least - 1}` : ">= 0"})`,
      ErrorReasons.argument,
    );
  return ms;
}

/** The api_lag parameter (seconds, already checked against its pattern) in ms; absent: the default. */
export const lagMsOf = (seconds: string | undefined): number =>
  Math.round(Number(seconds ?? DEFAULT_API_LAG_S) * 1000);

/** How OCF spells a true boolean parameter (ocf_is_true). */
export const TRUE = /^(true|yes|on|1)$/i;

/**
 * Parses OCF_RESKEY_* and the OCF meta variables from the {@link PARAMETERS} table. Every problem names the
 * parameter, the value and what would be valid.
 *
 * @throws ParameterError: reason `malformed` for missing, malformed, unknown (unless `lenient`, for stop) or
 * contradictory parameters; `argument` for a malformed timeout (Pacemaker's own argument).
 * @example
 * parseConfig({ OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0" }).address // { allocationId: … }
 */
export function parseConfig(env: Env, options: { readonly lenient?: boolean } = {}): AgentConfig {
  const unknown = unknownNames(env);
  if (unknown.length && !options.lenient)
    throw new ParameterError(
      `unknown parameter: ${unknown.join(", ")} (valid: ${PARAMETERS.map((p) => p.name).join(", ")})`,
    );
  const p = readParameters(env, PARAMETERS);
  if (!p.allocation_id && !p.elastic_ip)
    throw new ParameterError(
      "missing parameter: allocation_id or elastic_ip is required (e.g. allocation_id=eipalloc-0123456789abcdef0)",
    );
  const ignored = [...IGNORED_PARAMETERS.filter((name) => env[`OCF_RESKEY_${name}`]), ...unknown];
  const { awsRegion, ...environment } = readEnvironment(env);
  const region = p.region ?? awsRegion;
  return {
    ...environment,
    address: p.allocation_id ? { allocationId: p.allocation_id } : { publicIp: p.elastic_ip! },
    ...(p.allocation_id && p.elastic_ip ? { alsoPublicIp: p.elastic_ip } : {}),
    ...(p.private_ip_address ? { privateIpAddress: p.private_ip_address } : {}),
    ...(p.network_interface_id ? { networkInterfaceId: p.network_interface_id } : {}),
    ...(region ? { region } : {}),
    timeoutMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_timeout", DEFAULT_TIMEOUT_MS, 1),
    intervalMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_interval", 0, 0),
    // Stryker disable next-line StringLiteral: a filler is not a yes word either, so it reads as "" does
    monitorEc2: TRUE.test(p.monapi ?? ""),
    lagMs: lagMsOf(p.api_lag),
    checkLevel: Number(env.OCF_CHECK_LEVEL ?? 0) || 0,
    ...(ignored.length ? { ignored } : {}),
  };
}

/**
 * The retry budget: the operation's timeout less a margin for process start and the final answer, so the
 * agent always answers before Pacemaker's timer fires.
 *
 * @example
 * budgetMs(20_000) // 18_000
 */
export function budgetMs(timeoutMs: number): number {
  const margin = Math.min(3_000, Math.max(500, timeoutMs * 0.1));
  return Math.max(0, timeoutMs - margin);
}
