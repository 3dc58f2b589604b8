import { describeHop, type RouteSnapshot } from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";

/**
 * One route table's permission question: a DryRun ReplaceRoute of the destination to `networkInterfaceId`, or,
 * with `skipped`, why none is asked.
 */
export type RouteCheck =
  | { readonly routeTableId: string; readonly destination: string; readonly networkInterfaceId: string }
  | { readonly routeTableId: string; readonly destination: string; readonly skipped: string };

/**
 * What to ask EC2 about each table of one route so that the request changes nothing even if EC2 ignored its
 * DryRun: ReplaceRoute to the interface the table points at now (a replace with itself), or, where the table
 * has no route for the destination, to the holder's interface (ReplaceRoute of a missing route fails; it never
 * creates one). A table that routes the destination to something other than an interface (a gateway, a
 * peering) is not asked: the only request that changes nothing there names a target the controller never sets,
 * and it never touches such a table. Pure.
 *
 * @example
 * routeChecks(seen, cluster.members) // [{ routeTableId: "rtb-…", destination: "192.168.100.10/32", networkInterfaceId: "eni-a" }, …]
 */
export function routeChecks(snapshot: RouteSnapshot, members: Cluster["members"]): RouteCheck[] {
  const { destination } = snapshot;
  const ours = members.flatMap((m) => (m.networkInterfaceId ? [m.networkInterfaceId] : []));
  const holder =
    snapshot.tables
      .map((t) => t.route?.networkInterfaceId)
      .find((eni) => eni !== undefined && ours.includes(eni)) ?? ours[0];
  return snapshot.tables.map(({ routeTableId, route }): RouteCheck => {
    if (route?.networkInterfaceId)
      return { routeTableId, destination, networkInterfaceId: route.networkInterfaceId };
    if (!route && holder) return { routeTableId, destination, networkInterfaceId: holder };
    return {
      routeTableId,
      destination,
      skipped: `${routeTableId} routes ${destination} to ${describeHop(route)}, not to a member's interface: the controller leaves it alone, so its ReplaceRoute was not asked`,
    };
  });
}
