import { DescribeRouteTablesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { ConfigurationError, ErrorReasons } from "./errors.ts";
import { hostRoute } from "./ids.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import { destinationOf, toRouteHop } from "./route-snapshot.ts";
import type { RouteRef, RouteSnapshot, RouteTableView } from "./route-types.ts";
import { assertRouteRef } from "./validate.ts";

/** The error context naming a destination and its route tables. */
export function routeContext(action: string, destination: string, routeTableIds: readonly string[]) {
  return { action, destination, routeTableId: routeTableIds.join(", ") };
}

/**
 * Observes one destination across route tables with a single `DescribeRouteTables` call for all of them.
 *
 * @throws ConfigurationError when the reference is malformed (reason `malformed`) or a table does not exist
 *   in this account and Region (reason `not-found`).
 * @example
 * const seen = await observeRoutes(ec2, { destination: "192.168.100.10/32", routeTableIds: ["rtb-0123456789abcdef0"] }, { deadline: deadlineIn(5000) });
 * seen.tables[0]?.route?.networkInterfaceId // "eni-…", or undefined when the table has no such route
 */
export async function observeRoutes(
  ec2: EC2Client,
  ref: RouteRef,
  options: OperationOptions,
): Promise<RouteSnapshot> {
  assertRouteRef(ref);
  const destination = hostRoute(ref.destination) ?? ref.destination;
  const context = routeContext("DescribeRouteTables", destination, ref.routeTableIds);
  const out = await withRetry(
    (signal) =>
      ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [...ref.routeTableIds] }), {
        abortSignal: signal,
      }),
    { ...options, context },
  );
  const tables = ref.routeTableIds.map((routeTableId): RouteTableView => {
    const table = out.RouteTables?.find((t) => t.RouteTableId === routeTableId);
    // EC2 answers an unknown id with an error; an answer that still lacks one is as good as not found.
    if (!table)
      throw new ConfigurationError(
        `route table not found: ${routeTableId} (DescribeRouteTables did not return it; is it in this account and Region?)`,
        { ...context, routeTableId },
        { reason: ErrorReasons.notFound },
      );
    const route = table.Routes?.find((r) => destinationOf(r) === destination);
    return { routeTableId, ...(route ? { route: toRouteHop(route) } : {}) };
  });
  return { destination, tables };
}
