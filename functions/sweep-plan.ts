import {
  type AddressSnapshot,
  DETACHING_STATES,
  detachesAddresses,
  isDown,
  type MemberHealth,
} from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";
import type { Failure } from "./decide.ts";

/** What one sweep saw of the whole fleet, in a few batched reads. */
export interface FleetView {
  /** Every Elastic IP of the account by allocation id. */
  readonly addresses: ReadonlyMap<string, AddressSnapshot>;
  /** Every member EC2 reports, by instance id. */
  readonly health: ReadonlyMap<string, MemberHealth>;
  /** When each down holder went down (epoch ms, from EC2's state transition reason); undefined: undated. */
  readonly downSince: ReadonlyMap<string, number | undefined>;
}

/** A failure the sweep found: the event path's decision runs on `addresses` of `cluster` about `failure`. */
export interface SweepTarget {
  readonly cluster: Cluster;
  readonly failure: Failure;
}

/** A failed holder whose grace window is still open, or whose failure EC2 gave no date for. */
export interface SweepWait {
  readonly cluster: string;
  readonly allocationId: string;
  readonly instanceId: string;
  /** When the grace window ends (epoch ms); undefined when the failure is undated and so never moved here. */
  readonly until: number | undefined;
}

/** What the sweep decides. */
export interface SweepPlan {
  readonly targets: readonly SweepTarget[];
  readonly waiting: readonly SweepWait[];
  /** Addresses of a document that the account does not have. */
  readonly missing: readonly { readonly cluster: string; readonly allocationId: string }[];
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

/** The members holding an address of their cluster while down: the ones whose down time must be read. */
export function downHolders(clusters: readonly Cluster[], view: Omit<FleetView, "downSince">): string[] {
  const ids = clusters.flatMap((c) =>
    c.addresses.flatMap(({ allocationId }) => {
      const holder = view.addresses.get(allocationId)?.association?.instanceId;
      const member = c.members.some((m) => m.instanceId === holder);
      return holder && member && isDown(view.health.get(holder)?.state) ? [holder] : [];
    }),
  );
  return [...new Set(ids)];
}

/**
 * What the sweep does about every cluster. Pure. An address held by a member failed for at least
 * graceSeconds is handed to the event path's decision, as if its event had arrived; so is an unassociated
 * address of a cluster with a member EC2 reports in {@link DETACHING_STATES} (its termination took the address
 * away). Addresses on healthy members, on non-members (an operator's choice) or unassociated with no
 * terminated member are left alone.
 *
 * @example
 * planSweep(config.clusters, view, Date.now()).targets // [{ cluster, failure: { instanceId: "i-a", … } }]
 */
export function planSweep(clusters: readonly Cluster[], view: FleetView, now: number): SweepPlan {
  const targets = new Map<
    string,
    { cluster: Cluster; failure: Failure; addresses: Cluster["addresses"][number][] }
  >();
  const waiting: SweepWait[] = [];
  const missing: SweepPlan["missing"][number][] = [];
  const target = (cluster: Cluster, failure: Failure, address: Cluster["addresses"][number]) => {
    const key = `${cluster.name}\n${failure.instanceId}`;
    const entry = targets.get(key) ?? { cluster, failure, addresses: [] };
    entry.addresses.push(address);
    targets.set(key, entry);
  };
  for (const cluster of clusters)
    for (const address of cluster.addresses) {
      const snapshot = view.addresses.get(address.allocationId);
      if (!snapshot) {
        missing.push({ cluster: cluster.name, allocationId: address.allocationId });
        continue;
      }
      const holder = snapshot.association?.instanceId;
      if (!snapshot.association) {
        const gone = cluster.members.find((m) => detachesAddresses(view.health.get(m.instanceId)?.state));
        const state = gone && view.health.get(gone.instanceId)?.state;
        if (gone && state)
          target(
            cluster,
            { instanceId: gone.instanceId, cause: "state-change", detail: state, at: now },
            address,
          );
        continue;
      }
      if (!holder || !cluster.members.some((m) => m.instanceId === holder)) continue;
      const failed = failureOf(holder, view);
      if (!failed) continue;
      const { at } = failed;
      const until = at === undefined ? undefined : at + cluster.graceSeconds * 1000;
      if (at !== undefined && until !== undefined && until <= now)
        target(cluster, { ...failed.failure, at }, address);
      else
        waiting.push({
          cluster: cluster.name,
          allocationId: address.allocationId,
          instanceId: holder,
          until,
        });
    }
  return {
    targets: [...targets.values()].map(({ cluster, failure, addresses }) => ({
      cluster: { ...cluster, addresses },
      failure,
    })),
    waiting,
    missing,
  };
}
