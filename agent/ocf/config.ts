// Covered by test/unit/agent/eip/config.test.ts and test/unit/agent/route/config.test.ts (each agent's parsing).
import { ErrorReasons } from "../../core/errors.ts";
import { type AgentEnvironment, type Env, readEnvironment } from "./environment.ts";
import { ParameterError } from "./errors.ts";
import type { AgentDescription } from "./meta-data.ts";
import { DEFAULT_API_LAG_S, DEFAULT_TIMEOUT_MS, PACEMAKER_KEY, type ParameterSpec } from "./parameters.ts";

/**
 * What both agents' configurations hold besides their own parameters: parsed and checked for syntax, no network
 * touched. Nothing else in the agents reads the environment.
 */
export interface OcfConfig extends AgentEnvironment {
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
  /** Parameters given and ignored (a peer agent's, or unknown ones on a lenient parse), for the log line. */
  readonly ignored?: readonly string[];
  /** The node a migration moves the resource from (OCF_RESKEY_CRM_meta_migrate_source); undefined outside one. */
  readonly migrateSource?: string;
  /** The node a migration moves the resource to (OCF_RESKEY_CRM_meta_migrate_target); undefined outside one. */
  readonly migrateTarget?: string;
}

/** Every table parameter that was given, checked against its pattern. */
function readParameters<N extends string>(
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
function unknownNames(env: Env, known: ReadonlySet<string>): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith("OCF_RESKEY_"))
    .map((k) => k.slice("OCF_RESKEY_".length))
    .filter((name) => !PACEMAKER_KEY.test(name) && !known.has(name));
}

/** One of Pacemaker's own millisecond arguments; a malformed one is the caller's fault (reason argument). */
function millisecondsOf(env: Env, name: string, fallback: number, least: number): number {
  const raw = env[name];
  const ms = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(ms) || ms < least)
    throw new ParameterError(
      `${name} malformed: '${raw}' (expected milliseconds ${least ? `> ${least - 1}` : ">= 0"})`,
      ErrorReasons.argument,
    );
  return ms;
}

/** How OCF spells a true boolean parameter (ocf_is_true). */
const TRUE = /^(true|yes|on|1)$/i;

/**
 * Whether a boolean parameter's value is true, as OCF's `ocf_is_true` reads it; undefined (not given) is false.
 *
 * @example
 * isTrue("yes") // true
 */
export const isTrue = (value: string | undefined): boolean => TRUE.test(value ?? "");

/** What {@link readTable} found: the table's values that were given, and the names given and ignored. */
export interface TableRead<N extends string> {
  readonly values: Partial<Record<N, string>>;
  readonly ignored: readonly string[];
}

/**
 * Reads `agent`'s parameter table from OCF_RESKEY_*: every given value checked against its pattern. Names
 * Pacemaker passes itself are allowed; a peer's ignored ones are noted.
 *
 * @throws ParameterError (reason `malformed`) for an unknown name (unless `lenient`, for stop: then it is noted as
 *   ignored), a refused peer parameter, or a value that does not match its pattern.
 * @example
 * readTable({ OCF_RESKEY_allocation_id: "eipalloc-1" }, EIP_AGENT) // throws "allocation_id malformed: 'eipalloc-1' (expected e.g. …)"
 */
export function readTable<P extends ParameterSpec>(
  env: Env,
  agent: AgentDescription<P>,
  options: { readonly lenient?: boolean } = {},
): TableRead<P["name"]> {
  const unsupported = agent.unsupported ?? {};
  const known = new Set<string>([
    ...agent.parameters.map((p) => p.name),
    ...agent.ignored.names,
    ...Object.keys(unsupported),
  ]);
  const unknown = unknownNames(env, known);
  if (unknown.length && !options.lenient)
    throw new ParameterError(
      `unknown parameter: ${unknown.join(", ")} (valid: ${agent.parameters.map((p) => p.name).join(", ")})`,
    );
  for (const [name, why] of Object.entries(unsupported))
    if (env[`OCF_RESKEY_${name}`]) throw new ParameterError(`${name} unsupported: ${why}`);
  const values = readParameters(env, agent.parameters);
  const ignored = [...agent.ignored.names.filter((name) => env[`OCF_RESKEY_${name}`]), ...unknown];
  return { values, ignored };
}

/**
 * The part of a configuration both agents share, from the environment and the shared parameters (region,
 * monapi, api_lag) of `read`: Pacemaker's timeout and interval, the check level, the resource's name (else the
 * agent's).
 *
 * @throws ParameterError (reason `argument`) for a malformed timeout or interval.
 */
export function commonConfig(
  env: Env,
  agent: { readonly name: string },
  read: TableRead<"region" | "monapi" | "api_lag">,
): OcfConfig {
  const { awsRegion, ...environment } = readEnvironment(env);
  const region = read.values.region ?? awsRegion;
  const migrateSource = env.OCF_RESKEY_CRM_meta_migrate_source || undefined;
  const migrateTarget = env.OCF_RESKEY_CRM_meta_migrate_target || undefined;
  return {
    ...environment,
    resource: env.OCF_RESOURCE_INSTANCE || agent.name,
    ...(region ? { region } : {}),
    timeoutMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_timeout", DEFAULT_TIMEOUT_MS, 1),
    intervalMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_interval", 0, 0),
    monitorEc2: isTrue(read.values.monapi),
    lagMs: Math.round(Number(read.values.api_lag ?? DEFAULT_API_LAG_S) * 1000),
    checkLevel: Number(env.OCF_CHECK_LEVEL ?? 0) || 0,
    ...(read.ignored.length ? { ignored: read.ignored } : {}),
    ...(migrateSource ? { migrateSource } : {}),
    ...(migrateTarget ? { migrateTarget } : {}),
  };
}

/**
 * The node a migration action names, as Pacemaker passes it (migrate_to: the target; migrate_from: the source).
 *
 * @throws ParameterError (reason `argument`, exit 2) when it is missing: these actions run only as Pacemaker's live
 *   migration (allow-migrate=true), never on their own.
 * @example
 * migrationPeer(config, "target") // "node-b"
 */
export function migrationPeer(config: OcfConfig, role: "source" | "target"): string {
  const peer = role === "source" ? config.migrateSource : config.migrateTarget;
  if (peer) return peer;
  const action = role === "source" ? "migrate_from" : "migrate_to";
  throw new ParameterError(
    `OCF_RESKEY_CRM_meta_migrate_${role} missing: ${action} runs only as Pacemaker's live migration (allow-migrate=true), which names the ${role} node`,
    ErrorReasons.argument,
  );
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
