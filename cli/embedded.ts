import {
  AssociateIamInstanceProfileCommand,
  CreateTagsCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from "@aws-sdk/client-ec2";
import { CLUSTER_TAG_KEY } from "../core/index.ts";
import { REGION } from "../sim/constants.ts";
import { type Region, startRegion } from "../sim/region.ts";
import { embeddedClients } from "./clients.ts";
import { CLASSIC_CLUSTER, classicDoc } from "./drill/scenarios/common.ts";
import { stopOnSignal } from "./guard.ts";
import { putCluster, putStatusAlarm } from "./harness/index.ts";
import { alarmPrefixOf, DEFAULT_STACK } from "./stack/constants.ts";
import { deployPackagedStack } from "./stack/deploy.ts";
import { discoverStack } from "./stack/discover.ts";
import { packagedStack } from "./stack/package.ts";
import { profileKeyOf } from "./stack/profile-key.ts";
import type { Io } from "./types.ts";

/** The embedded region's setup calls are logged under this client, then the log is cleared. */
const SETUP_CLIENT = "setup";

/**
 * The embedded deployment's cluster document: the drill's (cli/drill/scenarios/common.ts), plus the topology's
 * overlay route in both subnets' tables, so the member entries name their interfaces (the routes' target).
 */
export function embeddedDoc(region: Region) {
  const { nodes, overlay } = region.topology;
  return {
    ...classicDoc(region),
    routes: [{ destination: overlay.destination, routeTableIds: [...overlay.routeTableIds] }],
    members: [nodes.A, nodes.B].map((n) => ({
      instanceId: n.instanceId,
      networkInterfaceId: n.networkInterfaceId,
    })),
  };
}

/**
 * Sets `region` up as a correct deployment leaves it, with the drill's topology: nodes A and B, one EIP on
 * A and the overlay route to A, cluster "web" in Parameter Store ({@link embeddedDoc}), every resource tagged
 * (the nodes' network interfaces too, which EC2 does not tag from the instance), IMDSv2 required and the
 * source/destination check off (so the interfaces forward the overlay IP) on both nodes; and the stack: the template
 * `sls package --param clusters=web` writes (stack/package.ts, packaged once and cached), deployed as
 * eip-failover-dev, its node instance profile on both nodes, one status alarm per member (as the sweep makes
 * them). Its calls are not left in the proxy log. `note` is told when the stack must be packaged first.
 */
export async function deployClassic(region: Region, note: (text: string) => void = () => {}): Promise<void> {
  const ec2 = region.ec2(SETUP_CLIENT);
  const nodes = Object.values(region.topology.nodes);
  await ec2.send(
    new CreateTagsCommand({
      Resources: nodes.map((n) => n.networkInterfaceId),
      Tags: [{ Key: CLUSTER_TAG_KEY, Value: CLASSIC_CLUSTER }],
    }),
  );
  for (const n of nodes) {
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId: n.instanceId,
        HttpTokens: "required",
        HttpPutResponseHopLimit: 1,
      }),
    );
    await ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: n.networkInterfaceId,
        SourceDestCheck: { Value: false },
      }),
    );
  }
  await putCluster(region.ssm(SETUP_CLIENT), CLASSIC_CLUSTER, embeddedDoc(region));
  await deployEmbeddedStack(region, note);
}

/**
 * Deploys the stack alone, as {@link deployClassic} does: what the drill's scenarios run against (they build their
 * own clusters). Its calls are not left in the proxy log. `note` is told when the stack must be packaged first.
 */
export async function deployEmbeddedStack(
  region: Region,
  note: (text: string) => void = () => {},
): Promise<void> {
  await deployStack(region, [CLASSIC_CLUSTER], note);
  region.proxy.log.clear();
}

/** Puts `body` at s3://`bucket`/`key` in moto, as any S3 client would (moto takes unsigned path-style requests). */
async function uploadTo(region: Region, bucket: string, key: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${region.moto.endpoint}/${bucket}/${encodeURI(key)}`, { method: "PUT", body });
  if (!res.ok) throw new Error(`PutObject s3://${bucket}/${key}: HTTP ${res.status}`);
}

/**
 * The packaged stack with one node role + instance profile per cluster of `clusters`, the first one's profile on
 * every node, a status alarm per node. The embedded deployment has one cluster (the drill's scenarios build their
 * own clusters straight in moto; the stack's rules, queue and alarms serve them all), so one packaging serves every
 * embedded region.
 */
async function deployStack(
  region: Region,
  clusters: readonly string[],
  note: (text: string) => void,
): Promise<void> {
  const clients = embeddedClients(region, SETUP_CLIENT);
  try {
    const stack = await packagedStack({ clusters: clusters.join(",") }, { note });
    const upload = (bucket: string, key: string, body: Uint8Array) => uploadTo(region, bucket, key, body);
    await deployPackagedStack({ ...clients, upload }, DEFAULT_STACK, stack);
    const profile = await discoverStack(clients.cloudformation, DEFAULT_STACK, REGION).then(
      (found) => found.nodeProfiles[profileKeyOf(clusters[0] ?? CLASSIC_CLUSTER)],
    );
    for (const n of Object.values(region.topology.nodes)) {
      await clients.ec2.send(
        new AssociateIamInstanceProfileCommand({
          InstanceId: n.instanceId,
          IamInstanceProfile: { Name: profile },
        }),
      );
      await putStatusAlarm(clients.cloudwatch, alarmPrefixOf(DEFAULT_STACK), n.instanceId);
    }
  } finally {
    clients.destroy();
  }
}

/** Starts the embedded region, deployed as {@link deployClassic} does. The caller stops it. */
export async function embeddedRegion(note: (text: string) => void): Promise<Region> {
  note("starting the embedded region (moto, proxy, IMDS) with the drill's topology");
  const region = await startRegion();
  try {
    await deployClassic(region, note);
    return region;
  } catch (error) {
    await region.stop();
    throw error;
  }
}

/**
 * Runs `work` on a fresh embedded region (see {@link embeddedRegion}) and stops the region afterwards,
 * whatever happened, and on SIGINT or SIGTERM too. Progress notes go to stderr.
 *
 * @example
 * return onEmbeddedRegion(io, async (region) => statusExit(await statusOf(region, options)));
 */
export async function onEmbeddedRegion<T>(io: Io, work: (region: Region) => Promise<T>): Promise<T> {
  let region: Region | undefined;
  const release = stopOnSignal(() => region?.stop(), io);
  try {
    region = await embeddedRegion((text) => io.stderr(`${text}\n`));
    return await work(region);
  } finally {
    release();
    await region?.stop();
  }
}
