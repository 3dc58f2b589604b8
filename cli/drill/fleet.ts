import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { CLUSTER_TAG_KEY } from "../../core/index.ts";
import { SIM_IMAGE_ID } from "../../sim/constants.ts";
import { buildRouteTables, overlayDestination } from "../../sim/route-tables.ts";
import { runPool } from "./pool.ts";
import type { OverlayShape } from "./types.ts";
import type { World } from "./world.ts";

/**
 * One cluster of the az-outage fleet: node a (AZ a) holds what the cluster keeps, node c (AZ c) is the standby.
 * It holds either one EIP (`allocationId`) or overlay routes (`destinations`, each in every table of the fleet).
 */
export interface FleetCluster {
  readonly name: string;
  readonly allocationId?: string;
  readonly publicIp?: string;
  /** Its overlay routes' destinations; empty for an EIP cluster. */
  readonly destinations: readonly string[];
  readonly a: string;
  readonly c: string;
  /** Each node's primary network interface (a route's target). */
  readonly eniA: string;
  readonly eniC: string;
}

/** The fleet: its clusters, and the route tables they share (none for an EIP fleet). */
export interface Fleet {
  readonly clusters: readonly FleetCluster[];
  readonly routeTableIds: readonly string[];
}

/** The fleet's own VPC, apart from the classic one: one /20 subnet per AZ, one node per cluster in each. */
const FLEET_PREFIX_LENGTH = 20;
const FLEET = {
  vpc: "10.1.0.0/16",
  a: { cidr: `10.1.0.0/${FLEET_PREFIX_LENGTH}`, az: "ap-northeast-1a" },
  c: { cidr: `10.1.16.0/${FLEET_PREFIX_LENGTH}`, az: "ap-northeast-1c" },
} as const;

/**
 * The most clusters the az-outage fleet can hold: each has one node in each AZ's subnet, and a subnet holds its
 * addresses less the 5 AWS reserves in every subnet (4,091 in a /20). `--clusters` is bounded by it.
 */
export const MAX_FLEET_CLUSTERS = 2 ** (32 - FLEET_PREFIX_LENGTH) - 5;

const tag = (resource: "instance" | "elastic-ip" | "subnet", name: string) => [
  {
    ResourceType: resource,
    Tags: [
      { Key: "Name", Value: name },
      { Key: CLUSTER_TAG_KEY, Value: "az-outage" },
    ],
  },
];

/** Cluster names sort in creation order: az-0001 … az-1000. */
export const fleetName = (i: number, n: number) =>
  `az-${String(i + 1).padStart(Math.max(4, String(n).length), "0")}`;

async function subnet(ec2: EC2Client, vpcId: string, spec: { cidr: string; az: string }): Promise<string> {
  const out = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: spec.cidr,
      AvailabilityZone: spec.az,
      TagSpecifications: tag("subnet", `az-outage-${spec.cidr}`),
    }),
  );
  if (!out.Subnet?.SubnetId) throw new Error(`CreateSubnet ${spec.cidr} returned no id`);
  return out.Subnet.SubnetId;
}

/** Launches `n` instances in `subnetId`; returns each one's id and primary interface. */
async function launch(
  ec2: EC2Client,
  subnetId: string,
  n: number,
  label: string,
): Promise<{ id: string; eni: string }[]> {
  const ids: { id: string; eni: string }[] = [];
  while (ids.length < n) {
    const count = Math.min(100, n - ids.length);
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: SIM_IMAGE_ID,
        InstanceType: "t3.micro",
        MinCount: count,
        MaxCount: count,
        SubnetId: subnetId,
        TagSpecifications: tag("instance", `${label}-${ids.length}`),
      }),
    );
    for (const i of out.Instances ?? []) {
      const eni = i.NetworkInterfaces?.[0]?.NetworkInterfaceId;
      if (!i.InstanceId || !eni)
        throw new Error(`RunInstances returned an instance without an id or interface`);
      ids.push({ id: i.InstanceId, eni });
    }
  }
  return ids;
}

/**
 * `tables` route tables, each on a /24 subnet of its own (alternating AZs) and holding every cluster's overlay
 * routes to its node a's interface: clusters × routes × tables route entries.
 */
async function routeFleet(
  ec2: EC2Client,
  vpcId: string,
  tables: number,
  clusters: readonly FleetCluster[],
): Promise<string[]> {
  const subnetIds: string[] = [];
  for (let k = 0; k < tables; k++)
    subnetIds.push(
      await subnet(ec2, vpcId, {
        cidr: `10.1.${32 + k}.0/24`,
        az: k % 2 === 0 ? FLEET.a.az : FLEET.c.az,
      }),
    );
  return buildRouteTables(ec2, {
    vpcId,
    count: tables,
    name: "az-outage-routes",
    cluster: "az-outage",
    subnetIds,
    routes: clusters.flatMap((c) =>
      c.destinations.map((destination) => ({ destination, networkInterfaceId: c.eniA })),
    ),
  });
}

/**
 * Builds `n` two-node clusters straight in moto (setup is not part of the measurement): one node per
 * cluster in each of two AZs. Without `routes`, one EIP per cluster on its AZ-a node; with them, each cluster's
 * `perCluster` overlay routes (distinct `overlayDestination`s) to its AZ-a node's interface in each of the
 * fleet's `tables` route tables.
 */
export async function buildFleet(world: World, n: number, routes?: OverlayShape): Promise<Fleet> {
  const vpc = await world.ec2.send(new CreateVpcCommand({ CidrBlock: FLEET.vpc }));
  const vpcId = vpc.Vpc?.VpcId;
  if (!vpcId) throw new Error("CreateVpc returned no VPC id");
  const a = await launch(world.ec2, await subnet(world.ec2, vpcId, FLEET.a), n, "az-a");
  const c = await launch(world.ec2, await subnet(world.ec2, vpcId, FLEET.c), n, "az-c");
  const nodes = (i: number) => ({ a: a[i]!.id, eniA: a[i]!.eni, c: c[i]!.id, eniC: c[i]!.eni });
  if (routes) {
    const clusters = a.map((_, i) => ({
      name: fleetName(i, n),
      destinations: Array.from({ length: routes.perCluster }, (_, r) =>
        overlayDestination(i * routes.perCluster + r),
      ),
      ...nodes(i),
    }));
    return { clusters, routeTableIds: await routeFleet(world.ec2, vpcId, routes.tables, clusters) };
  }
  const clusters = await runPool(a, 8, async ({ id: instanceA }, i) => {
    const name = fleetName(i, n);
    const eip = await world.ec2.send(
      new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: tag("elastic-ip", `${name}-vip`) }),
    );
    if (!eip.AllocationId || !eip.PublicIp) throw new Error(`AllocateAddress for ${name} returned no id`);
    await world.ec2.send(
      new AssociateAddressCommand({
        AllocationId: eip.AllocationId,
        InstanceId: instanceA,
        AllowReassociation: true,
      }),
    );
    return { name, allocationId: eip.AllocationId, publicIp: eip.PublicIp, destinations: [], ...nodes(i) };
  });
  return { clusters, routeTableIds: [] };
}
