import { destinationProblem, hostRoute } from "../../core/ids.ts";
import { assertRouteRef } from "../../core/validate.ts";
import { lagMsOf, millisecondsOf, readParameters, TRUE, unknownNames } from "../eip/config.ts";
import { DEFAULT_TIMEOUT_MS } from "../eip/parameters.ts";
import { type AgentEnvironment, type Env, readEnvironment } from "../ocf/environment.ts";
import { ParameterError } from "../ocf/errors.ts";
import { ROUTE_IGNORED_PARAMETERS, ROUTE_PARAMETERS, ROUTE_UNSUPPORTED_PARAMETERS } from "./parameters.ts";

/** The route agent's parameters and environment, parsed and checked for syntax without any network call. */
export interface RouteAgentConfig extends AgentEnvironment {
  /** The overlay IP's host route, canonical: `192.168.100.10/32`, `fd00:ec2::10/128`. */
  readonly destination: string;
  readonly routeTableIds: readonly string[];
  /** The local interface that carries the IP. */
  readonly interface: string;
  readonly region?: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly checkLevel: number;
  /** monapi: every recurring monitor reads the route tables too. */
  readonly monitorEc2: boolean;
  /** api_lag in ms: how late a read may show a change (the lag bound, see ../lag.ts); 0: reads are exact. */
  readonly lagMs: number;
  /** Parameters given and ignored, for the log line. */
  readonly ignored?: readonly string[];
}

const KNOWN = new Set<string>([
  ...ROUTE_PARAMETERS.map((p) => p.name),
  ...ROUTE_IGNORED_PARAMETERS,
  ...Object.keys(ROUTE_UNSUPPORTED_PARAMETERS),
]);

/**
 * Parses OCF_RESKEY_* for ocf:eip-failover:route. Every problem names the parameter, the value and what would be
 * valid.
 *
 * @throws ParameterError: reason `malformed` for a missing, malformed, unknown (unless `lenient`, for stop) or
 *   unsupported parameter; `argument` for a malformed timeout or interval.
 * @example
 * parseRouteConfig({ OCF_RESKEY_ip: "192.168.100.10", OCF_RESKEY_routing_table: "rtb-0123456789abcdef0" }).destination // "192.168.100.10/32"
 */
export function parseRouteConfig(env: Env, options: { readonly lenient?: boolean } = {}): RouteAgentConfig {
  const unknown = unknownNames(env, KNOWN);
  if (unknown.length && !options.lenient)
    throw new ParameterError(
      `unknown parameter: ${unknown.join(", ")} (valid: ${ROUTE_PARAMETERS.map((p) => p.name).join(", ")})`,
    );
  for (const [name, why] of Object.entries(ROUTE_UNSUPPORTED_PARAMETERS))
    if (env[`OCF_RESKEY_${name}`]) throw new ParameterError(`${name} unsupported: ${why}`);
  const p = readParameters(env, ROUTE_PARAMETERS);
  if (!p.ip) throw new ParameterError("missing parameter: ip is required (e.g. ip=192.168.100.10)");
  if (!p.routing_table)
    throw new ParameterError(
      "missing parameter: routing_table is required (e.g. routing_table=rtb-0123456789abcdef0)",
    );
  const problem = destinationProblem(p.ip);
  if (problem) throw new ParameterError(`ip: ${problem}`);
  const destination = hostRoute(p.ip) as string;
  const routeTableIds = p.routing_table.split(",").map((id) => id.trim());
  try {
    assertRouteRef({ destination, routeTableIds });
  } catch (error) {
    throw new ParameterError(`routing_table: ${(error as Error).message}`);
  }
  const ignored = [...ROUTE_IGNORED_PARAMETERS.filter((name) => env[`OCF_RESKEY_${name}`]), ...unknown];
  const { awsRegion, ...environment } = readEnvironment(env);
  const region = p.region ?? awsRegion;
  return {
    ...environment,
    resource: env.OCF_RESOURCE_INSTANCE || "route",
    destination,
    routeTableIds,
    interface: p.interface ?? "eth0",
    ...(region ? { region } : {}),
    timeoutMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_timeout", DEFAULT_TIMEOUT_MS, 1),
    intervalMs: millisecondsOf(env, "OCF_RESKEY_CRM_meta_interval", 0, 0),
    monitorEc2: TRUE.test(p.monapi ?? ""),
    lagMs: lagMsOf(p.api_lag),
    checkLevel: Number(env.OCF_CHECK_LEVEL ?? 0) || 0,
    ...(ignored.length ? { ignored } : {}),
  };
}
