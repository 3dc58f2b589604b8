import {
  type AddressSnapshot,
  type Deadline,
  locate,
  observeRoutes,
  type RouteRef,
  type RouteSnapshot,
} from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { ItemAction } from "../decide/set-timing.ts";
import { tablesSeen } from "../execute/route-outcome.ts";
import type { Trace } from "../report/trace.ts";
import type { Deps, Failure } from "../types.ts";
import { firstLook } from "./address-look.ts";
import { routeFirstLook, tablesToMove } from "./route-look.ts";

/** One item of a cluster's set as the controller first saw it: what to do, and what a move would take. */
export type ItemLook =
  | { readonly action: "skip"; readonly reason: string }
  | {
      readonly action: Exclude<ItemAction, "skip">;
      /** Why the item waits, when the set waits out the grace window. */
      readonly waiting: string;
      /**
       * Why the item stays when nothing of the set is the failed member's: a route with missing tables only.
       * Undefined for an address (one that is to move is always the failed member's).
       */
      readonly idle?: string;
      /** The item as a move takes it: the address's snapshot, or the route narrowed to the tables to change. */
      readonly observed: { readonly address: AddressSnapshot } | { readonly route: RouteSnapshot };
    };

/** What one look needs from the round: the cluster, its failure, the deadline. */
export interface LookContext {
  readonly cluster: Cluster;
  readonly failure: Failure;
  readonly deadline: Deadline;
}

const PACEMAKER_FIRST = "Pacemaker has until the grace window ends";

/** Locates one address and takes its first look (`firstLook`), noting what it saw in `trace`. */
export async function lookAtAddress(
  deps: Deps,
  at: LookContext,
  allocationId: string,
  trace: Trace,
): Promise<ItemLook> {
  const observed = await locate(deps.ec2, { allocationId }, { deadline: at.deadline, sleep: deps.sleep });
  trace.publicIp = observed.publicIp;
  trace.from = observed.association?.instanceId;
  const look = firstLook(observed, at.failure, at.cluster.graceSeconds);
  if (look.action === "skip") return look;
  return {
    action: look.action,
    waiting: `${at.failure.instanceId} still holds ${allocationId}; ${PACEMAKER_FIRST}`,
    observed: { address: observed },
  };
}

/** Reads one route's tables (one DescribeRouteTables) and takes its first look, noting what it saw in `trace`. */
export async function lookAtRoute(
  deps: Deps,
  at: LookContext,
  route: RouteRef,
  trace: Trace,
): Promise<ItemLook> {
  const observed = await observeRoutes(deps.ec2, route, { deadline: at.deadline, sleep: deps.sleep });
  trace.tables = tablesSeen(observed);
  const failedId = at.failure.instanceId;
  const member = at.cluster.members.find((m) => m.instanceId === failedId);
  const failed = {
    instanceId: failedId,
    ...(member?.networkInterfaceId ? { networkInterfaceId: member.networkInterfaceId } : {}),
  };
  const look = routeFirstLook(observed, at.failure, failed, at.cluster.graceSeconds);
  if (look.action === "skip") return look;
  if (look.held.length > 0) trace.from = failedId;
  const missing = look.missing.join(", ");
  return {
    action: look.action,
    waiting:
      look.held.length > 0
        ? `${failedId} still holds ${observed.destination} in ${look.held.join(", ")}; ${PACEMAKER_FIRST}`
        : `${observed.destination} has no route in ${missing}: created with the rest of the set once the grace window ends`,
    idle: `${observed.destination} has no route in ${missing}, and nothing of ${at.cluster.name} is held by the failed ${failedId}: left for Pacemaker or an operator`,
    observed: { route: tablesToMove(observed, look) },
  };
}
