import { destinationProblem, hostRoute } from "../../core/ids.ts";
import { assertRouteRef } from "../../core/validate.ts";
import { commonConfig, type OcfConfig, readTable } from "../ocf/config.ts";
import type { Env } from "../ocf/environment.ts";
import { ParameterError } from "../ocf/errors.ts";
import { ROUTE_AGENT } from "./meta-data.ts";

/** The route agent's parameters and environment, parsed and checked for syntax without any network call. */
export interface RouteAgentConfig extends OcfConfig {
  /** The overlay IP's host route, canonical: `192.168.100.10/32`, `fd00:ec2::10/128`. */
  readonly destination: string;
  readonly routeTableIds: readonly string[];
  /** The local interface that carries the IP. */
  readonly interface: string;
}

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
  const read = readTable(env, ROUTE_AGENT, options);
  const p = read.values;
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
  return {
    ...commonConfig(env, ROUTE_AGENT, read),
    destination,
    routeTableIds,
    interface: p.interface ?? "eth0",
  };
}
