import { DescribeAddressesCommand, DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import {
  type AddressSnapshot,
  type Deadline,
  type MemberHealth,
  observeMembers,
  toSnapshot,
  withRetry,
} from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";
import { downHolders, type FleetView } from "./sweep-plan.ts";
import type { Deps } from "./types.ts";

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
 * no longer exists cannot fail the call), DescribeInstanceStatus per 100 members, and, only when a member
 * holding an address is down, DescribeInstances for when it went down.
 */
export async function observeFleet(
  deps: Deps,
  clusters: readonly Cluster[],
  deadline: Deadline,
): Promise<FleetView> {
  const options = { deadline, sleep: deps.sleep };
  const ids = [...new Set(clusters.flatMap((c) => c.members.map((m) => m.instanceId)))];
  const [described, statuses] = await Promise.all([
    withRetry((signal) => deps.ec2.send(new DescribeAddressesCommand({}), { abortSignal: signal }), {
      ...options,
      context: { action: "DescribeAddresses" },
    }),
    Promise.all(chunks(ids, STATUS_BATCH).map((batch) => observeMembers(deps.ec2, batch, options))),
  ]);
  const addresses = new Map<string, AddressSnapshot>();
  for (const a of described.Addresses ?? []) {
    const snapshot = toSnapshot(a);
    if (snapshot) addresses.set(snapshot.allocationId, snapshot);
  }
  const health = new Map<string, MemberHealth>(statuses.flat().map((h) => [h.instanceId, h]));
  const down = downHolders(clusters, { addresses, health });
  return { addresses, health, downSince: await downTimes(deps, down, deadline) };
}

/** When each instance entered its current state, from DescribeInstances (a filter: a gone id is no error). */
async function downTimes(
  deps: Deps,
  ids: readonly string[],
  deadline: Deadline,
): Promise<Map<string, number | undefined>> {
  const times = new Map<string, number | undefined>();
  for (const batch of chunks(ids, FILTER_BATCH)) {
    let NextToken: string | undefined;
    do {
      const input = { Filters: [{ Name: "instance-id", Values: batch }], MaxResults: 1000, NextToken };
      const page = await withRetry(
        (signal) => deps.ec2.send(new DescribeInstancesCommand(input), { abortSignal: signal }),
        { deadline, sleep: deps.sleep, context: { action: "DescribeInstances" } },
      );
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? [])
          if (i.InstanceId) times.set(i.InstanceId, transitionTime(i.StateTransitionReason));
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return times;
}
