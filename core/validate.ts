import { isIPv4 } from "node:net";
import { ConfigurationError, ErrorReasons } from "./errors.ts";
import { destinationProblem, ID_EXAMPLES, type IdKind, idProblem } from "./ids.ts";
import type { RouteRef } from "./route-types.ts";
import type { AddressRef } from "./types.ts";

/**
 * Throws a ConfigurationError naming the value when it is not a well-formed id of `kind`.
 *
 * @example
 * assertId("allocationId", "eipalloc-12") // ConfigurationError: allocation id malformed: 'eipalloc-12' (expected e.g. eipalloc-0123456789abcdef0)
 */
export function assertId(kind: IdKind, value: string): void {
  const problem = idProblem(kind, value);
  if (problem) throw new ConfigurationError(problem, { [kind]: value }, { reason: ErrorReasons.malformed });
}

/** Throws a ConfigurationError naming the value when it is not a dotted-quad IPv4 address. */
export function assertIpv4(label: string, value: string): void {
  if (!isIPv4(value))
    throw new ConfigurationError(
      `${label} malformed: '${value}' (expected an IPv4 address such as 10.0.1.20)`,
      {},
      { reason: ErrorReasons.malformed },
    );
}

/** Checks the syntax of an address reference without any network call. */
export function assertAddressRef(ref: AddressRef): void {
  if ("allocationId" in ref) assertId("allocationId", ref.allocationId);
  else assertIpv4("public IP", ref.publicIp);
}

/**
 * Checks a route reference without any network call: a host-route destination and at least one well-formed
 * route table id, each listed once.
 */
export function assertRouteRef(ref: RouteRef): void {
  const problem = destinationProblem(ref.destination);
  if (problem)
    throw new ConfigurationError(
      problem,
      { destination: ref.destination },
      { reason: ErrorReasons.malformed },
    );
  if (ref.routeTableIds.length === 0)
    throw new ConfigurationError(
      `no route table given for ${ref.destination} (expected at least one, e.g. ${ID_EXAMPLES.routeTableId})`,
      { destination: ref.destination },
      { reason: ErrorReasons.malformed },
    );
  const seen = new Set<string>();
  for (const id of ref.routeTableIds) {
    assertId("routeTableId", id);
    if (seen.has(id))
      throw new ConfigurationError(
        `route table listed twice: ${id} (list each table once)`,
        { routeTableId: id },
        { reason: ErrorReasons.malformed },
      );
    seen.add(id);
  }
}
