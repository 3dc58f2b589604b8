import {
  type AddressSnapshot,
  DETACHING_STATES,
  detachesAddresses,
  isDown,
  type MemberHealth,
  type RouteHop,
} from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { Failure } from "../types.ts";

/** Where one route table sends each destination it routes: canonical destination → where it points. */
export type TableRoutes = ReadonlyMap<string, RouteHop>;

/** What one sweep saw of the whole fleet, in a few batched reads. */
export interface FleetView {
  /** Every Elastic IP of the account by allocation id. */
  readonly addresses: ReadonlyMap<string, AddressSnapshot>;
  /** Every member EC2 reports, by instance id. */
  readonly health: ReadonlyMap<string, MemberHealth>;
  /** Every route table a cluster lists, by id; a table EC2 did not return is absent. */
  readonly routeTables: ReadonlyMap<string, TableRoutes>;
  /** When each down holder went down (epoch ms, from EC2's state transition reason); undefined: undated. */
  readonly downSince: ReadonlyMap<string, number | undefined>;
}

type Address = Cluster["addresses"][number];
type Route = Cluster["routes"][number];

/** What a member may hold: an address, or a route (in one or more of its tables). */
type Held = { readonly address: Address } | { readonly route: Route };

/**
 * A failure the sweep found: the event path's decision runs on `cluster`, cut down to the addresses and routes
 * the failed member holds (or a termination left unassociated), about `failure`.
 */
export interface SweepTarget {
  readonly cluster: Cluster;
  readonly failure: Failure;
}

/** A failed holder whose grace window is still open, or whose failure EC2 gave no date for. */
export type SweepWait = {
  readonly cluster: string;
  readonly instanceId: string;
  /** When the grace window ends (epoch ms); undefined when the failure is undated and so never moved here. */
  readonly until: number | undefined;
} & ({ readonly allocationId: string } | { readonly destination: string });

/** An address, or a route table, that a document names and the account does not have. */
export type SweepMissing = { readonly cluster: string } & (
  | { readonly allocationId: string }
  | { readonly routeTableId: string }
);

/** What the sweep decides. */
export interface SweepPlan {
  readonly targets: readonly SweepTarget[];
  readonly waiting: readonly SweepWait[];
  readonly missing: readonly SweepMissing[];
}

/**
 * How a member has failed, when it has: down (dated by its state transition) or running with a status check
 * impaired (dated by `ImpairedSince`). `at` is undefined when AWS gave no date.
 */
export function failureOf(
  instanceId: string,
  view: FleetView,
): { failure: Omit<Failure, "at">; at: number | undefined } | undefined {
  const health = view.health.get(instanceId);
  if (!health) return undefined;
  if (isDown(health.state))
    return {
      failure: { instanceId, cause: "state-change", detail: health.state },
      at: view.downSince.get(instanceId),
    };
  if (health.state === "running" && !health.statusOk)
    return {
      failure: { instanceId, cause: "alarm", detail: "status checks impaired" },
      at: health.impairedSince,
    };
  return undefined;
}

/** One address or route of a cluster, held by one of its members. */
interface Holding {
  readonly held: Held;
  readonly holder: string;
  /** A route whose table EC2 marks a blackhole: the holder's interface is gone. Always false for an address. */
  readonly blackhole: boolean;
}

/**
 * What the view shows of one cluster: which member holds each address and route, the addresses nobody holds,
 * and what the account lacks. A route is held by each member whose interface any listed table points the
 * destination at, a blackhole included (its interface went with a terminated member); a route at anything
 * else (another interface, a gateway, no route) is left alone, like an address on a non-member.
 */
export function holdingsOf(
  cluster: Cluster,
  view: Omit<FleetView, "downSince">,
): { holdings: Holding[]; orphans: Address[]; missing: SweepMissing[] } {
  const holdings: Holding[] = [];
  const orphans: Address[] = [];
  const missing: SweepMissing[] = [];
  for (const address of cluster.addresses) {
    const snapshot = view.addresses.get(address.allocationId);
    const holder = snapshot?.association?.instanceId;
    if (!snapshot) missing.push({ cluster: cluster.name, allocationId: address.allocationId });
    else if (!snapshot.association) orphans.push(address);
    else if (holder && cluster.members.some((m) => m.instanceId === holder))
      holdings.push({ held: { address }, holder, blackhole: false });
  }
  const absent = new Set<string>();
  for (const route of cluster.routes) {
    const blackholes = new Map<string, boolean>();
    for (const routeTableId of route.routeTableIds) {
      const table = view.routeTables.get(routeTableId);
      if (!table) absent.add(routeTableId);
      const hop = table?.get(route.destination);
      const member = cluster.members.find((m) => hop?.networkInterfaceId === m.networkInterfaceId);
      if (hop && member)
        blackholes.set(member.instanceId, (blackholes.get(member.instanceId) ?? false) || hop.blackhole);
    }
    for (const [holder, blackhole] of blackholes) holdings.push({ held: { route }, holder, blackhole });
  }
  for (const routeTableId of absent) missing.push({ cluster: cluster.name, routeTableId });
  return { holdings, orphans, missing };
}

/** The members holding an address or route of their cluster while down: the ones whose down time must be read. */
export function downHolders(clusters: readonly Cluster[], view: Omit<FleetView, "downSince">): string[] {
  const ids = clusters.flatMap((c) =>
    holdingsOf(c, view).holdings.flatMap(({ holder }) =>
      isDown(view.health.get(holder)?.state) ? [holder] : [],
    ),
  );
  return [...new Set(ids)];
}

/** What one cluster's failed member holds, and when (if yet) it is handed to the event path. */
interface Group {
  readonly cluster: Cluster;
  /** Set when the set is due: the first due item's failure (a holder's dated one, before an orphan's). */
  failure?: Failure;
  readonly held: Held[];
  /** The items' waits, reported only when nothing of the set is due. */
  readonly waits: SweepWait[];
}

/**
 * What the sweep does about every cluster. Pure. An address or route held by a member failed for at least
 * graceSeconds is handed to the event path's decision, as if its event had arrived; so is an unassociated
 * address of a cluster with a member EC2 reports in {@link DETACHING_STATES} (its termination took the address
 * away), and a blackhole route at a member that is terminating, terminated, or no longer reported at all
 * (terminated long ago): the termination deleted the interface, the route's orphaned address, which the event
 * path moves at once too (`routeFirstLook`). Once anything of a failed member is due, everything it holds in
 * that cluster goes in one target, so the set moves as one (one fence, one standby; the event path's
 * `whenSetMoves` decides when). Addresses and routes on healthy members, on non-members (an operator's
 * choice), unassociated with no terminated member, or missing from a table, are left alone.
 *
 * @example
 * planSweep(config.clusters, view, Date.now()).targets // [{ cluster, failure: { instanceId: "i-a", … } }]
 */
export function planSweep(clusters: readonly Cluster[], view: FleetView, now: number): SweepPlan {
  const groups = new Map<string, Group>();
  const missing: SweepMissing[] = [];
  const groupOf = (cluster: Cluster, instanceId: string) => {
    const key = `${cluster.name}\n${instanceId}`;
    const group = groups.get(key) ?? { cluster, held: [], waits: [] };
    groups.set(key, group);
    return group;
  };
  for (const cluster of clusters) {
    const found = holdingsOf(cluster, view);
    missing.push(...found.missing);
    for (const { held, holder, blackhole } of found.holdings) {
      const group = groupOf(cluster, holder);
      const state = view.health.get(holder)?.state;
      const failed = failureOf(holder, view);
      const at = failed?.at;
      const graceMs = cluster.graceSeconds * 1000;
      // the termination deleted the route's interface: its orphaned address, due at once
      if (blackhole && (state === undefined || detachesAddresses(state))) {
        const detail = state ?? "terminated";
        group.failure ??= { instanceId: holder, cause: "state-change", detail, at: at ?? now };
      } else if (!failed) continue;
      else if (at !== undefined && at + graceMs <= now) group.failure ??= { ...failed.failure, at };
      else
        group.waits.push({
          cluster: cluster.name,
          instanceId: holder,
          until: at === undefined ? undefined : at + graceMs,
          ...("address" in held
            ? { allocationId: held.address.allocationId }
            : { destination: held.route.destination }),
        });
      group.held.push(held);
    }
    // after the holdings, so the set is handed with a holder's dated failure when there is one
    const gone = cluster.members.find((m) => detachesAddresses(view.health.get(m.instanceId)?.state));
    const state = gone && view.health.get(gone.instanceId)?.state;
    for (const address of found.orphans)
      if (gone && state) {
        const group = groupOf(cluster, gone.instanceId);
        const at = view.downSince.get(gone.instanceId) ?? now; // dated when it also holds a route
        group.failure ??= { instanceId: gone.instanceId, cause: "state-change", detail: state, at };
        group.held.push({ address });
      }
  }
  const all = [...groups.values()];
  return {
    targets: all.flatMap(({ cluster, failure, held }) =>
      failure
        ? [
            {
              cluster: {
                ...cluster,
                addresses: held.flatMap((h) => ("address" in h ? [h.address] : [])),
                routes: held.flatMap((h) => ("route" in h ? [h.route] : [])),
              },
              failure,
            },
          ]
        : [],
    ),
    waiting: all.flatMap((g) => (g.failure ? [] : g.waits)),
    missing,
  };
}
