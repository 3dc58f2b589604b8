import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  type Filter,
  type RouteTable,
} from "@aws-sdk/client-ec2";
import {
  type AddressSnapshot,
  type Deadline,
  destinationOf,
  type MemberHealth,
  observeMembers,
  type RouteHop,
  toRouteHop,
  toSnapshot,
  withRetry,
} from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { Deps } from "../types.ts";
import { downHolders, type FleetView, type TableRoutes } from "./sweep-plan.ts";

// DescribeInstanceStatus takes at most 100 instance ids; a filter at most 200 values.
const STATUS_BATCH = 100;
const FILTER_BATCH = 200;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * When EC2 says an instance's last state change happened, from its `StateTransitionReason`
 * ("User initiated (2026-11-30 04:24:27 GMT)"), as epoch ms; undefined when the reason carries no date.
 *
 * @example
 * transitionTime("User initiated (2026-11-30 04:24:27 GMT)") // 1796012667000
 */
export function transitionTime(reason: string | undefined): number | undefined {
  const m = /\((\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) (?:GMT|UTC)\)/.exec(reason ?? "");
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : undefined;
}

/**
 * The whole fleet in batched reads: one DescribeAddresses (every address of the account, so an address that
 * no longer exists cannot fail the call), DescribeInstanceStatus per 100 members, only when some cluster lists
 * routes one DescribeRouteTables for every listed table, and only when a member holding an address or a route
 * is down, DescribeInstances for when it went down.
 */
export async function observeFleet(
  deps: Deps,
  clusters: readonly Cluster[],
  deadline: Deadline,
): Promise<FleetView> {
  const options = { deadline, sleep: deps.sleep };
  const ids = [...new Set(clusters.flatMap((c) => c.members.map((m) => m.instanceId)))];
  const tableIds = [...new Set(clusters.flatMap((c) => c.routes.flatMap((r) => r.routeTableIds)))];
  const [described, statuses, routeTables] = await Promise.all([
    withRetry((signal) => deps.ec2.send(new DescribeAddressesCommand({}), { abortSignal: signal }), {
      ...options,
      context: { action: "DescribeAddresses" },
    }),
    Promise.all(chunks(ids, STATUS_BATCH).map((batch) => observeMembers(deps.ec2, batch, options))),
    observeRouteTables(deps, tableIds, deadline),
  ]);
  const addresses = new Map<string, AddressSnapshot>();
  for (const a of described.Addresses ?? []) {
    const snapshot = toSnapshot(a);
    if (snapshot) addresses.set(snapshot.allocationId, snapshot);
  }
  const health = new Map<string, MemberHealth>(statuses.flat().map((h) => [h.instanceId, h]));
  const down = downHolders(clusters, { addresses, health, routeTables });
  return { addresses, health, routeTables, downSince: await downTimes(deps, down, deadline) };
}

/** When each instance entered its current state, from DescribeInstances (a filter: a gone id is no error). */
async function downTimes(
  deps: Deps,
  ids: readonly string[],
  deadline: Deadline,
): Promise<Map<string, number | undefined>> {
  const pages = await filteredPages(
    deps,
    deadline,
    { action: "DescribeInstances", filter: "instance-id" },
    ids,
    (input, signal) =>
      deps.ec2.send(new DescribeInstancesCommand({ ...input, MaxResults: 1000 }), { abortSignal: signal }),
  );
  const times = new Map<string, number | undefined>();
  for (const r of pages.flatMap((p) => p.Reservations ?? []))
    for (const i of r.Instances ?? [])
      if (i.InstanceId) times.set(i.InstanceId, transitionTime(i.StateTransitionReason));
  return times;
}

/** Where one table sends each destination it routes. */
export function routesOf(table: RouteTable): TableRoutes {
  const routes = new Map<string, RouteHop>();
  for (const route of table.Routes ?? []) {
    const destination = destinationOf(route);
    if (destination) routes.set(destination, toRouteHop(route));
  }
  return routes;
}

/**
 * Every listed route table in one DescribeRouteTables per 200 tables (none when no cluster lists routes). A
 * filter, not RouteTableIds: a table that no longer exists is missing from the answer instead of failing the
 * call, so one document's stale id cannot blind the sweep to every other cluster's routes.
 */
async function observeRouteTables(
  deps: Deps,
  ids: readonly string[],
  deadline: Deadline,
): Promise<Map<string, TableRoutes>> {
  const pages = await filteredPages(
    deps,
    deadline,
    { action: "DescribeRouteTables", filter: "route-table-id" },
    ids,
    (input, signal) => deps.ec2.send(new DescribeRouteTablesCommand(input), { abortSignal: signal }),
  );
  const tables = new Map<string, TableRoutes>();
  for (const t of pages.flatMap((p) => p.RouteTables ?? []))
    if (t.RouteTableId) tables.set(t.RouteTableId, routesOf(t));
  return tables;
}

/** A filtered Describe's request: one filter, and the page to continue from. */
interface FilteredInput {
  readonly Filters: Filter[];
  readonly NextToken?: string;
}

/**
 * Every page of `what.action` filtered by `what.filter` over `ids`, 200 values per filter, each call retried
 * inside the deadline. No call when `ids` is empty.
 */
async function filteredPages<T extends { NextToken?: string | undefined }>(
  deps: Deps,
  deadline: Deadline,
  what: { readonly action: string; readonly filter: string },
  ids: readonly string[],
  send: (input: FilteredInput, signal: AbortSignal) => Promise<T>,
): Promise<T[]> {
  const pages: T[] = [];
  const options = { deadline, sleep: deps.sleep, context: { action: what.action } };
  for (const batch of chunks(ids, FILTER_BATCH)) {
    let NextToken: string | undefined;
    do {
      const input: FilteredInput = {
        Filters: [{ Name: what.filter, Values: batch }],
        ...(NextToken ? { NextToken } : {}),
      };
      const page = await withRetry((signal) => send(input, signal), options);
      pages.push(page);
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return pages;
}
