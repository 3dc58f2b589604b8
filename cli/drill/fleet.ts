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
import { runPool } from "./pool.ts";
import type { World } from "./world.ts";

/** One cluster of the az-outage fleet: its EIP on node a (AZ a), node c the standby (AZ c). */
export interface FleetCluster {
  readonly name: string;
  readonly allocationId: string;
  readonly publicIp: string;
  readonly a: string;
  readonly c: string;
}

/** The fleet's own VPC, apart from the classic one; /20 subnets hold up to 4091 nodes per AZ. */
const FLEET = {
  vpc: "10.1.0.0/16",
  a: { cidr: "10.1.0.0/20", az: "ap-northeast-1a" },
  c: { cidr: "10.1.16.0/20", az: "ap-northeast-1c" },
} as const;

const tag = (resource: "instance" | "elastic-ip", name: string) => [
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
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: spec.cidr, AvailabilityZone: spec.az }),
  );
  if (!out.Subnet?.SubnetId) throw new Error(`CreateSubnet ${spec.cidr} returned no id`);
  return out.Subnet.SubnetId;
}

async function launch(ec2: EC2Client, subnetId: string, n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
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
    ids.push(...(out.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])));
  }
  return ids;
}

/**
 * Builds `n` two-node clusters straight in moto (setup is not part of the measurement): one node per
 * cluster in each of two AZs, one EIP per cluster on its AZ-a node.
 */
export async function buildFleet(world: World, n: number): Promise<FleetCluster[]> {
  const vpc = await world.ec2.send(new CreateVpcCommand({ CidrBlock: FLEET.vpc }));
  const vpcId = vpc.Vpc?.VpcId;
  if (!vpcId) throw new Error("CreateVpc returned no VPC id");
  const a = await launch(world.ec2, await subnet(world.ec2, vpcId, FLEET.a), n, "az-a");
  const c = await launch(world.ec2, await subnet(world.ec2, vpcId, FLEET.c), n, "az-c");
  return runPool(a, 8, async (instanceA, i) => {
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
    return { name, allocationId: eip.AllocationId, publicIp: eip.PublicIp, a: instanceA, c: c[i]! };
  });
}
