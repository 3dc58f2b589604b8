// Covered by test/unit/agent/route/lagging-reads.test.ts (what this node routed, against lagging reads).
import { pointsAt } from "../../core/route-snapshot.ts";
import type { RouteSnapshot } from "../../core/route-types.ts";
import type { Written } from "../ocf/written.ts";

// The route agent's side of "know what you wrote": the routes its own start pointed at this node's interface.

/** The route agent's record: the destination its start routed to `networkInterfaceId` in these tables. */
export interface RoutesWritten {
  readonly destination: string;
  readonly routeTableIds: readonly string[];
  readonly networkInterfaceId: string;
}

/** Whether a record read back from disk is a {@link RoutesWritten}: a file of another shape is as good as none. */
export const isRoutesWritten = (v: Record<string, unknown>): v is Record<string, unknown> & RoutesWritten =>
  typeof v.destination === "string" &&
  typeof v.networkInterfaceId === "string" &&
  Array.isArray(v.routeTableIds) &&
  v.routeTableIds.every((id) => typeof id === "string");

/**
 * What this node's start routed, since its last stop, when it routed exactly this destination in at least these
 * tables to `networkInterfaceId`; else undefined.
 */
export async function ownRoutes(
  written: Written<RoutesWritten> | undefined,
  ref: { readonly destination: string; readonly routeTableIds: readonly string[] },
  networkInterfaceId: string,
): Promise<(RoutesWritten & { readonly at: number }) | undefined> {
  const own = await written?.get();
  const covers =
    own?.destination === ref.destination &&
    own.networkInterfaceId === networkInterfaceId &&
    ref.routeTableIds.every((id) => own.routeTableIds.includes(id));
  return covers ? own : undefined;
}

/**
 * `seen` with every route that points at `networkInterfaceId` taken as unconfirmed: a read may show a route as
 * it was before someone else's ReplaceRoute, so start replaces it again (a ReplaceRoute to the interface a route
 * already points at changes nothing). The hop keeps no target, so no plan takes it as pointing here; there is
 * still a route, so the plan's step is a ReplaceRoute, never a CreateRoute.
 */
export function unconfirmedHere(seen: RouteSnapshot, networkInterfaceId: string): RouteSnapshot {
  return {
    ...seen,
    tables: seen.tables.map((t) =>
      pointsAt(t, networkInterfaceId) ? { routeTableId: t.routeTableId, route: { blackhole: false } } : t,
    ),
  };
}
