import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type EC2Client,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { deadlineIn } from "../../core/index.ts";
import { DEFAULT_CONFIG_PREFIX } from "../../functions/constants.ts";
import { type Cluster, readClusters } from "../../functions/index.ts";
import {
  SELF_CHECK_KEY,
  SELF_CHECK_VALUE,
  type SelfCheckReport,
} from "../../functions/self-check/self-check.ts";
import { listedTable } from "../route-tables.ts";
import type { Session } from "../session.ts";
import type { Unread } from "./check-ids.ts";
import { interfaceOf, observeRoutesOf } from "./observe-routes.ts";
import { observeStack } from "./observe-stack.ts";
import { tryRead } from "./reads.ts";
import { recoverAlarmsOf } from "./recovery.ts";
import type { DoctorMember, DoctorObservation, DoctorRoute, SelfCheckOutcome, Tags } from "./types.ts";

const tagsOf = (tags: readonly Tag[] | undefined): Tags =>
  Object.fromEntries((tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : [])));

/**
 * Reads the cluster documents and describes what they name, in four read-only calls however many
 * clusters: GetParametersByPath, DescribeAddresses, DescribeInstances, DescribeNetworkInterfaces (the members'
 * interfaces and those the documents name); with `cloudwatch`, DescribeAlarms for the alarms that recover a
 * member (paged over the account's alarms); and when a document lists routes, two more
 * (DescribeRouteTables, DescribeVpcs: observeRoutesOf). A read that fails leaves its part empty and its reason
 * in `unread`: the checks that need it are then unknown, every other check still runs.
 */
export async function observeForDoctor(clients: {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  /** Where the members' recover alarms are looked for; undefined: they are not (their lines say nothing of them). */
  readonly cloudwatch?: CloudWatchClient;
  readonly prefix?: string;
}): Promise<DoctorObservation> {
  const { ec2 } = clients;
  const unread: Unread = {};
  const prefix = clients.prefix ?? DEFAULT_CONFIG_PREFIX;
  const config = await tryRead(unread, "documents", `GetParametersByPath ${prefix}`, empty, () =>
    readClusters(clients.ssm, prefix, deadlineIn(30_000)),
  );
  const ids = config.clusters.flatMap((c) => c.members.map((m) => m.instanceId));
  const { cloudwatch } = clients;
  const [addresses, reservations, recoverAlarms] = await Promise.all([
    tryRead(
      unread,
      "addresses",
      "DescribeAddresses",
      [],
      async () => (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [],
    ),
    // A filter, not InstanceIds: one member that does not exist must not hide the others.
    tryRead(unread, "instances", "DescribeInstances", [], async () =>
      ids.length
        ? ((await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: ids }] })))
            .Reservations ?? [])
        : [],
    ),
    cloudwatch && ids.length
      ? tryRead(unread, "recoverAlarms", "DescribeAlarms (recover actions)", undefined, () =>
          recoverAlarmsOf(cloudwatch),
        )
      : undefined,
  ]);
  const instances = reservations.flatMap((r) => r.Instances ?? []);
  const named = config.clusters.flatMap((c) => c.members.flatMap((m) => m.networkInterfaceId ?? []));
  const eniIds = [
    ...new Set([
      ...instances.flatMap((i) => (i.NetworkInterfaces ?? []).flatMap((n) => n.NetworkInterfaceId ?? [])),
      ...named,
    ]),
  ];
  // A filter, as for the instances: an interface a document names may not exist.
  const [enis, routes] = await Promise.all([
    tryRead(unread, "interfaces", "DescribeNetworkInterfaces", [], async () =>
      eniIds.length
        ? ((
            await ec2.send(
              new DescribeNetworkInterfacesCommand({
                Filters: [{ Name: "network-interface-id", Values: eniIds }],
              }),
            )
          ).NetworkInterfaces ?? [])
        : [],
    ),
    tryRead(unread, "routes", "DescribeRouteTables or DescribeVpcs", unreadRoutes(config.clusters), () =>
      observeRoutesOf(ec2, config.clusters),
    ),
  ]);
  const member = ({ instanceId, networkInterfaceId }: Cluster["members"][number]): DoctorMember => {
    const routed = networkInterfaceId ? { routedInterface: interfaceOf(enis, networkInterfaceId) } : {};
    const i = instances.find((x) => x.InstanceId === instanceId);
    if (!i) return { instanceId, exists: false, tags: {}, interfaces: [], ...routed };
    return {
      ...routed,
      instanceId,
      exists: true,
      tags: tagsOf(i.Tags),
      httpTokens: i.MetadataOptions?.HttpTokens,
      hopLimit: i.MetadataOptions?.HttpPutResponseHopLimit,
      instanceProfileArn: i.IamInstanceProfile?.Arn,
      ...(i.MaintenanceOptions?.AutoRecovery ? { autoRecovery: i.MaintenanceOptions.AutoRecovery } : {}),
      ...(recoverAlarms ? { recoverAlarms: recoverAlarms.get(instanceId) ?? [] } : {}),
      interfaces: (i.NetworkInterfaces ?? []).flatMap((n) =>
        n.NetworkInterfaceId
          ? [
              {
                networkInterfaceId: n.NetworkInterfaceId,
                tags: tagsOf(enis.find((e) => e.NetworkInterfaceId === n.NetworkInterfaceId)?.TagSet),
              },
            ]
          : [],
      ),
    };
  };
  return {
    clusters: config.clusters.map((c) => ({
      name: c.name,
      fencing: c.fencing,
      addresses: c.addresses.map(({ allocationId }) => {
        const a = addresses.find((x) => x.AllocationId === allocationId);
        return a
          ? { allocationId, exists: true, publicIp: a.PublicIp, domain: a.Domain, tags: tagsOf(a.Tags) }
          : { allocationId, exists: false, tags: {} };
      }),
      members: c.members.map(member),
      routes: routes.get(c.name) ?? [],
      ...(c.paused ? { paused: c.paused } : {}),
    })),
    invalid: config.invalid,
    unread,
  };
}

/** No cluster documents: what a failed GetParametersByPath leaves (its check says it is unknown). */
const empty: Awaited<ReturnType<typeof readClusters>> = { clusters: [], invalid: [] };

/** The routes the documents list, every table unseen: what a failed route read leaves (checks unknown). */
function unreadRoutes(clusters: readonly Cluster[]): Map<string, DoctorRoute[]> {
  return new Map(
    clusters.map((c) => [
      c.name,
      c.routes.map(({ destination, routeTableIds }) => ({
        destination,
        tables: routeTableIds.map((id) => listedTable([], id, destination)),
        vpcs: [],
      })),
    ]),
  );
}

/**
 * Everything the doctor looks at, gathered in one place: the cluster documents under the stack's config path
 * and what EC2 says of them ({@link observeForDoctor}) and the stack's own resources (observeStack), in
 * parallel; then the controller's self-check of each valid cluster, invoked directly.
 *
 * @example
 * const results = runChecks(await observeDeployment(session));
 */
export async function observeDeployment(
  session: Pick<Session, "clients" | "stack" | "invoke">,
): Promise<DoctorObservation> {
  const { clients, stack } = session;
  const [world, observed] = await Promise.all([
    observeForDoctor({
      ec2: clients.ec2,
      ssm: clients.ssm,
      cloudwatch: clients.cloudwatch,
      prefix: stack.configPrefix,
    }),
    observeStack(clients, stack),
  ]);
  const clusters = await Promise.all(
    world.clusters.map(async (c) => ({ ...c, selfCheck: await selfCheckOf(session, c.name) })),
  );
  return { ...world, clusters, stack: observed.stack, unread: { ...world.unread, ...observed.unread } };
}

/** The direct invocation that asks for a self-check, exactly as the controller recognises it. */
const selfCheckRequest = (cluster: string) => ({ [SELF_CHECK_KEY]: SELF_CHECK_VALUE, cluster });

/** Asks the controller to prove its permissions on `cluster` from inside (functions/self-check/). */
async function selfCheckOf(session: Pick<Session, "invoke">, cluster: string): Promise<SelfCheckOutcome> {
  try {
    return { report: (await session.invoke(selfCheckRequest(cluster))) as SelfCheckReport };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
