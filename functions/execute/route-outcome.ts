import { describeHop, type RouteClaimResult, type RouteSnapshot } from "../../core/index.ts";
import type { AddressOutcome, RouteTableReport } from "../types.ts";

/** One route's outcome, and whether any of its calls landed (so Pacemaker must learn of the move). */
export interface RouteMove {
  readonly outcome: AddressOutcome;
  readonly landed: boolean;
}

/** The tables of a route as the controller found them, before any move. Pure. */
export function tablesSeen(snapshot: RouteSnapshot): RouteTableReport[] {
  return snapshot.tables.map((t) => ({ routeTableId: t.routeTableId, seen: describeHop(t.route) }));
}

/**
 * What one route's compare-and-swap came to. Pure. A table someone else changed after the controller looked
 * makes the route a conflict (never fought), even when its other tables moved: a destination routed two ways
 * needs a person's look; `landed` still says that some tables moved.
 *
 * @example
 * routeOutcome(result, "i-b", "i-a") // { outcome: { outcome: "moved", from: "i-a", to: "i-b" }, landed: true }
 */
export function routeOutcome(result: RouteClaimResult, to: string, from?: string): RouteMove {
  const landed = result.steps.length > 0;
  if (result.conflicts.length > 0) {
    const holder = result.conflicts.map((c) => `${c.routeTableId} → ${describeHop(c.current)}`).join(", ");
    return { landed, outcome: { outcome: "conflict", holder } };
  }
  if (!landed)
    return {
      landed,
      outcome: {
        outcome: "skipped",
        reason: `${result.destination} already routes to ${to} in every table the move was to change`,
      },
    };
  return { landed, outcome: { outcome: "moved", ...(from === undefined ? {} : { from }), to } };
}

/** The tables' reports once the compare-and-swap ran: what it did in each, and who holds a conflict. Pure. */
export function tablesAfter(
  tables: readonly RouteTableReport[],
  result: RouteClaimResult,
): RouteTableReport[] {
  return tables.map((t): RouteTableReport => {
    const step = result.steps.find((s) => s.routeTableId === t.routeTableId);
    if (step) return { ...t, done: step.action === "ReplaceRoute" ? "replaced" : "created" };
    if (result.unchanged.includes(t.routeTableId)) return { ...t, done: "unchanged" };
    const conflict = result.conflicts.find((c) => c.routeTableId === t.routeTableId);
    if (conflict) return { ...t, done: "conflict", now: describeHop(conflict.current) };
    return t;
  });
}
