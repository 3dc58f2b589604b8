// Where each overlay route of a cluster points, table by table, and what of it has drifted. Pure, as plan.ts.
import { chooseStandby, describeHop, type MemberHealth } from "../../core/index.ts";
import type { ListedTable } from "../route-tables.ts";
import type { MemberStatus, ObservedCluster, RouteStatus, RouteTableStatus } from "./types.ts";

function tableStatus(observed: ObservedCluster, t: ListedTable): RouteTableStatus {
  const { routeTableId, route } = t;
  if (!t.exists) return { routeTableId, pointsAt: "missing" };
  if (!route) return { routeTableId, pointsAt: "nowhere" };
  const eni = route.networkInterfaceId;
  const member = observed.members.find((m) => eni && m.networkInterfaceId === eni);
  const pointsAt = route.blackhole ? "blackhole" : member ? "member" : "non-member";
  const instanceId = member?.instanceId ?? route.instanceId;
  return {
    routeTableId,
    pointsAt,
    ...(instanceId ? { instanceId } : {}),
    ...(eni ? { networkInterfaceId: eni } : {}),
    ...(pointsAt === "member" ? {} : { target: describeHop(route) }),
  };
}

/**
 * Each listed table's target, the member they agree on (the holder), and the standby the controller would
 * choose if that holder failed now (core's chooseStandby, as for addresses). Pure.
 *
 * @example
 * routeStatuses(observed)[0]?.tables[0]?.pointsAt // "member"
 */
export function routeStatuses(observed: ObservedCluster): RouteStatus[] {
  const health: MemberHealth[] = [...observed.instances];
  return (observed.routes ?? []).map(({ destination, tables }) => {
    const views = tables.map((t) => tableStatus(observed, t));
    const held = [...new Set(views.flatMap((v) => (v.pointsAt === "member" ? [v.instanceId] : [])))];
    const holder = held.length === 1 ? held[0] : undefined;
    const standby = chooseStandby({ members: observed.members, health, failedInstanceId: holder ?? "" });
    return { destination, tables: views, holder, standby: standby?.instanceId };
  });
}

/** One sentence per drift of the routes: a table that is missing or sends the route elsewhere, a split, no standby. */
export function routeWarnings(routes: readonly RouteStatus[], members: readonly MemberStatus[]): string[] {
  return routes.flatMap((r) => {
    const name = `route ${r.destination}`;
    const warnings = r.tables.flatMap((t) => {
      const table = `route table ${t.routeTableId}`;
      switch (t.pointsAt) {
        case "missing":
          return [`${table} (listed for ${r.destination}) does not exist in this Region`];
        case "nowhere":
          return [`${table} has no route for ${r.destination}: its subnets cannot reach the overlay IP`];
        case "blackhole":
          return [`${table} sends ${r.destination} to a blackhole (${t.target})`];
        case "non-member":
          return [`${table} sends ${r.destination} to ${t.target}, which is not a member's interface`];
        default:
          return [];
      }
    });
    const split = [...new Set(r.tables.flatMap((t) => (t.pointsAt === "member" ? [t.instanceId] : [])))];
    if (split.length > 1)
      warnings.push(
        `${name} points at ${split.length} members at once (${r.tables.map((t) => `${t.routeTableId}: ${t.instanceId ?? t.pointsAt}`).join(", ")})`,
      );
    const holder = members.find((m) => m.instanceId === r.holder);
    if (holder && holder.checks !== "ok")
      warnings.push(
        `${name} is on ${holder.instanceId}, which is ${holder.state === "running" ? "impaired" : holder.state}`,
      );
    if (r.tables.some((t) => t.pointsAt !== "missing") && r.standby === undefined)
      warnings.push(`${name} has no healthy standby: if its holder failed now, nothing could take it`);
    return warnings;
  });
}
