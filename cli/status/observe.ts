import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeAddressesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { deadlineIn, observeMembers } from "../../core/index.ts";
import { DEFAULT_CONFIG_PREFIX } from "../../functions/constants.ts";
import { type Cluster, readClusters } from "../../functions/index.ts";
import { describeListedTables, listedTable } from "../route-tables.ts";
import type { ObservedAddress, ObservedCluster, StatusReport } from "./types.ts";

/** How long the whole observation may take before it gives up (transient errors are retried inside). */
const OBSERVE_MS = 30_000;

async function describeAddresses(ec2: EC2Client): Promise<ObservedAddress[]> {
  const out = await ec2.send(new DescribeAddressesCommand({}));
  return (out.Addresses ?? []).flatMap((a) =>
    a.AllocationId
      ? [
          {
            allocationId: a.AllocationId,
            publicIp: a.PublicIp ?? "",
            instanceId: a.InstanceId || undefined,
            networkInterfaceId: a.NetworkInterfaceId || undefined,
            privateIpAddress: a.PrivateIpAddress || undefined,
          },
        ]
      : [],
  );
}

/** The instances the status alarms under `prefix` watch (their InstanceId dimension). */
async function alarmedInstances(cw: CloudWatchClient, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, NextToken }));
    for (const a of page.MetricAlarms ?? [])
      for (const d of a.Dimensions ?? []) if (d.Name === "InstanceId" && d.Value) ids.push(d.Value);
    NextToken = page.NextToken;
  } while (NextToken);
  return ids;
}

/** What a status needs to know of the account: the cluster documents and the observed clusters. */
export interface Observation {
  readonly clusters: readonly ObservedCluster[];
  readonly invalid: StatusReport["invalid"];
}

/**
 * Reads the cluster documents under `prefix` (only `cluster` when given) and observes every address and
 * instance they name, in three calls however many clusters there are: GetParametersByPath,
 * DescribeAddresses, DescribeInstanceStatus (members and holders); and, given `cloudwatch` and `alarmPrefix`,
 * the status alarms (DescribeAlarms), so a member without one is drift; and when a document lists routes, every
 * listed route table (one DescribeRouteTables).
 *
 * @example
 * const observed = await observeClusters({ ec2, ssm });
 */
export async function observeClusters(clients: {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly prefix?: string;
  readonly cloudwatch?: CloudWatchClient;
  readonly alarmPrefix?: string;
}): Promise<Observation> {
  const deadline = deadlineIn(OBSERVE_MS);
  const config = await readClusters(clients.ssm, clients.prefix ?? DEFAULT_CONFIG_PREFIX, deadline);
  const addresses = await describeAddresses(clients.ec2);
  const named = (c: Cluster) => new Set(c.addresses.map((a) => a.allocationId));
  const holders = config.clusters.flatMap((c) =>
    addresses.filter((a) => named(c).has(a.allocationId) && a.instanceId).map((a) => a.instanceId!),
  );
  const ids = [
    ...new Set([...config.clusters.flatMap((c) => c.members.map((m) => m.instanceId)), ...holders]),
  ];
  const [instances, alarmed, tables] = await Promise.all([
    observeMembers(clients.ec2, ids, { deadline }),
    clients.cloudwatch && clients.alarmPrefix !== undefined
      ? alarmedInstances(clients.cloudwatch, clients.alarmPrefix)
      : undefined,
    describeListedTables(
      clients.ec2,
      config.clusters.flatMap((c) => c.routes.flatMap((r) => r.routeTableIds)),
    ),
  ]);
  return {
    clusters: config.clusters.map((c) => ({
      name: c.name,
      fencing: c.fencing,
      graceSeconds: c.graceSeconds,
      ...(c.paused ? { paused: c.paused } : {}),
      members: c.members,
      allocationIds: c.addresses.map((a) => a.allocationId),
      addresses: addresses.filter((a) => named(c).has(a.allocationId)),
      instances,
      alarmedInstanceIds: alarmed,
      routes: c.routes.map(({ destination, routeTableIds }) => ({
        destination,
        tables: routeTableIds.map((id) => listedTable(tables, id, destination)),
      })),
    })),
    invalid: config.invalid,
  };
}
