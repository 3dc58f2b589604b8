import { pointsAt, sameHop } from "./route-snapshot.ts";
import type { RouteConflict, RouteSnapshot, RouteStep } from "./route-types.ts";

/** The steps that would point every table at the target, and what needs none. Pure: no call is made. */
export interface RoutePlan {
  readonly steps: readonly RouteStep[];
  readonly unchanged: readonly string[];
  readonly conflicts: readonly RouteConflict[];
}

/**
 * Decides, table by table, how to point `current`'s destination at `networkInterfaceId`: nothing where it
 * already points there, ReplaceRoute where a route exists, CreateRoute where none does. With `observed`
 * (compare-and-swap), a table whose route differs from what was observed is a conflict and gets no step.
 * No plan ever deletes a route.
 *
 * @example
 * planRouteClaim(seen, "eni-0123456789abcdef0").steps // [{ action: "ReplaceRoute", routeTableId: "rtb-…", … }]
 */
export function planRouteClaim(
  current: RouteSnapshot,
  networkInterfaceId: string,
  observed?: RouteSnapshot,
): RoutePlan {
  const steps: RouteStep[] = [];
  const unchanged: string[] = [];
  const conflicts: RouteConflict[] = [];
  for (const view of current.tables) {
    const { routeTableId, route } = view;
    if (pointsAt(view, networkInterfaceId)) {
      unchanged.push(routeTableId);
      continue;
    }
    const seen = observed?.tables.find((t) => t.routeTableId === routeTableId);
    if (observed && !sameHop(seen?.route, route)) {
      conflicts.push({
        routeTableId,
        ...(seen?.route ? { observed: seen.route } : {}),
        ...(route ? { current: route } : {}),
      });
      continue;
    }
    const action = route ? "ReplaceRoute" : "CreateRoute";
    steps.push({ action, routeTableId, destination: current.destination, networkInterfaceId });
  }
  return { steps, unchanged, conflicts };
}
