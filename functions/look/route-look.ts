import { describeHop, detachesAddresses, type RouteHop, type RouteSnapshot } from "../../core/index.ts";
import type { Failure } from "../types.ts";

/** The failed member as a route names it: its interface (the routes' target) and its instance. */
export interface FailedMember {
  readonly instanceId: string;
  /** Undefined for a cluster without routes (its members need not name their interface). */
  readonly networkInterfaceId?: string;
}

/**
 * What to do about one route (a destination across its tables) at the controller's first look, like
 * `firstLook` for an address. `held` are the tables that send it to the failed member, `missing` those
 * without a route for it; tables that send it anywhere else are already handled and never touched.
 */
export type RouteLook =
  | { readonly action: "skip"; readonly reason: string }
  | {
      /**
       * wait-then-move: some table still sends it to the failed member; move-orphan: that table's route is a
       * blackhole because the failure detached the member's interface (termination); join: no table sends it
       * to the failed member, but some have no route, created only when the rest of the set moves.
       */
      readonly action: "wait-then-move" | "move-orphan" | "join";
      readonly held: readonly string[];
      readonly missing: readonly string[];
    };

/** True when a table's route sends the destination to the failed member (blackhole or not). */
export function heldBy(hop: RouteHop | undefined, failed: FailedMember): boolean {
  if (!hop) return false;
  if (failed.networkInterfaceId !== undefined && hop.networkInterfaceId === failed.networkInterfaceId)
    return true;
  return hop.instanceId === failed.instanceId;
}

/**
 * What to do about one route at the controller's first look. Pure. `graceSeconds` only words the answer.
 *
 * @example
 * routeFirstLook(seen, failure, { instanceId: "i-a", networkInterfaceId: "eni-a" })
 * // { action: "wait-then-move", held: ["rtb-1", "rtb-2"], missing: [] }
 */
export function routeFirstLook(
  snapshot: RouteSnapshot,
  failure: Failure,
  failed: FailedMember,
  graceSeconds = 0,
): RouteLook {
  const held = snapshot.tables.filter((t) => heldBy(t.route, failed));
  const missing = snapshot.tables.filter((t) => !t.route).map((t) => t.routeTableId);
  const heldIds = held.map((t) => t.routeTableId);
  if (held.length > 0) {
    // EC2 marks a route blackhole when its interface is gone; after a termination that is the failure's doing
    // (the route's orphaned address), so there is nothing left for Pacemaker to hand over: move now.
    const gone =
      failure.cause === "state-change" &&
      detachesAddresses(failure.detail) &&
      held.some((t) => t.route?.blackhole);
    return { action: gone ? "move-orphan" : "wait-then-move", held: heldIds, missing };
  }
  if (missing.length > 0) return { action: "join", held: [], missing };
  const where = snapshot.tables.map((t) => `${t.routeTableId} → ${describeHop(t.route)}`).join(", ");
  return {
    action: "skip",
    reason: `${snapshot.destination} is routed elsewhere than the failed ${failure.instanceId} in every listed table (${where}): already handled${graceSeconds > 0 ? " (Pacemaker moved it within the grace period, or someone since)" : ""}`,
  };
}

/** The snapshot narrowed to the tables a move may change (held, then missing, in listed order). Pure. */
export function tablesToMove(snapshot: RouteSnapshot, look: RouteLook): RouteSnapshot {
  if (look.action === "skip") return { destination: snapshot.destination, tables: [] };
  const change = new Set([...look.held, ...look.missing]);
  return {
    destination: snapshot.destination,
    tables: snapshot.tables.filter((t) => change.has(t.routeTableId)),
  };
}
