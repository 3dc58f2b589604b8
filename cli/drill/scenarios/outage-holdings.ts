import type { Fleet, FleetCluster } from "../fleet.ts";
import type { AddressCheck, RouteCheck } from "../types.ts";
import { type ClusterDoc, checkAddresses, checkRoutes, type World } from "../world.ts";

/**
 * What the az-outage fleet's clusters hold (one EIP each, or one overlay route each across the fleet's route
 * tables), and what that means for the storm: the cluster documents, the mutating calls EC2 must accept, and
 * where everything ended up.
 */
export interface Holdings {
  /** "EIP" or "1 overlay route(s), each in 10 route tables", for the timeline. */
  readonly what: string;
  /** Things that must move: addresses, or route entries (a destination in one table). */
  readonly entries: number;
  readonly noun: "addresses" | "route entries";
  /**
   * Accepted mutating calls per entry moved: 2 for an address (compare-and-swap: DisassociateAddress then
   * AssociateAddress), 1 for a route entry (ReplaceRoute, after a non-mutating re-read).
   */
  readonly callsPerEntry: number;
  doc(cluster: FleetCluster, graceSeconds: number): ClusterDoc;
  /** Where each entry is now, as moto says. */
  check(world: World): Promise<{ addresses: AddressCheck[]; routes?: RouteCheck[] }>;
}

const members = (c: FleetCluster, withInterfaces: boolean) =>
  [
    [c.a, c.eniA],
    [c.c, c.eniC],
  ].map(([instanceId, networkInterfaceId]) => ({
    instanceId: instanceId!,
    ...(withInterfaces ? { networkInterfaceId: networkInterfaceId! } : {}),
  }));

/** The holdings of a fleet built by `buildFleet(world, n, routes)`. */
export function holdingsOf(fleet: Fleet): Holdings {
  const { clusters, routeTableIds } = fleet;
  const base = (c: FleetCluster, graceSeconds: number) => ({
    name: c.name,
    fencing: "none" as const,
    graceSeconds,
  });
  if (routeTableIds.length === 0)
    return {
      what: "EIP",
      entries: clusters.length,
      noun: "addresses",
      callsPerEntry: 2,
      doc: (c, grace) => ({
        ...base(c, grace),
        addresses: [{ allocationId: c.allocationId ?? "" }],
        members: members(c, false),
      }),
      check: async (world) => ({
        addresses: await checkAddresses(
          world,
          clusters.map((c) => ({ cluster: c.name, allocationId: c.allocationId ?? "", before: c.a })),
        ),
      }),
    };
  const owners = new Map(clusters.flatMap((c) => [[c.eniA, c.a] as const, [c.eniC, c.c] as const]));
  const perCluster = clusters[0]?.destinations.length ?? 0;
  return {
    what: `${perCluster} overlay route(s), each in ${routeTableIds.length} route tables`,
    entries: clusters.length * perCluster * routeTableIds.length,
    noun: "route entries",
    callsPerEntry: 1,
    doc: (c, grace) => ({
      ...base(c, grace),
      addresses: [],
      routes: c.destinations.map((destination) => ({ destination, routeTableIds })),
      members: members(c, true),
    }),
    check: async (world) => ({
      addresses: [],
      routes: await checkRoutes(
        world,
        clusters.flatMap((c) =>
          c.destinations.map((destination) => ({ cluster: c.name, destination, routeTableIds, before: c.a })),
        ),
        owners,
      ),
    }),
  };
}
