import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
  CLUSTER_TAG_KEY,
  DEFAULT_CLUSTER,
  NODES,
  type NodeName,
  SIM_IMAGE_ID,
  VPC_CIDR,
} from "./constants.ts";

/** One simulated node: a moto instance with its primary ENI. */
export interface SimNode {
  readonly name: string;
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly privateIp: string;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly macAddress: string;
}

/** The classic topology: one VPC, two subnets in two AZs, nodes A and B, one EIP on A. */
export interface Topology {
  readonly vpcId: string;
  readonly nodes: Readonly<Record<NodeName, SimNode>>;
  readonly eip: { readonly allocationId: string; readonly publicIp: string; readonly associationId: string };
}

const tags = (resource: "instance" | "elastic-ip" | "vpc" | "subnet", name: string, cluster: string) => [
  {
    ResourceType: resource,
    Tags: [
      { Key: "Name", Value: name },
      { Key: CLUSTER_TAG_KEY, Value: cluster },
    ],
  },
];

/** Launches one node in `subnetId` with a fixed private IP and returns what EC2 made of it. */
export async function launchNode(
  ec2: EC2Client,
  spec: { name: string; subnetId: string; privateIp: string; cluster?: string },
): Promise<SimNode> {
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: SIM_IMAGE_ID,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: spec.subnetId,
      PrivateIpAddress: spec.privateIp,
      TagSpecifications: tags("instance", spec.name, spec.cluster ?? DEFAULT_CLUSTER),
    }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error(`RunInstances returned no instance for ${spec.name}`);
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = described.Reservations?.[0]?.Instances?.[0];
  const eni = instance?.NetworkInterfaces?.[0];
  if (!instance || !eni?.NetworkInterfaceId)
    throw new Error(`instance ${instanceId} has no network interface`);
  return {
    name: spec.name,
    instanceId,
    networkInterfaceId: eni.NetworkInterfaceId,
    privateIp: instance.PrivateIpAddress ?? spec.privateIp,
    availabilityZone: instance.Placement?.AvailabilityZone ?? "",
    subnetId: spec.subnetId,
    macAddress: eni.MacAddress ?? "",
  };
}

/** Allocates one VPC Elastic IP tagged for `cluster`. */
export async function allocateEip(ec2: EC2Client, name: string, cluster: string = DEFAULT_CLUSTER) {
  const out = await ec2.send(
    new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: tags("elastic-ip", name, cluster) }),
  );
  if (!out.AllocationId || !out.PublicIp) throw new Error("AllocateAddress returned no allocation id");
  return { allocationId: out.AllocationId, publicIp: out.PublicIp };
}

/**
 * Builds the classic topology in an empty region: VPC 10.0.0.0/16, subnet 10.0.0.0/24 in ap-northeast-1a
 * with node A at 10.0.0.20, subnet 10.0.1.0/24 in ap-northeast-1c with node B at 10.0.1.20, and one VPC
 * Elastic IP associated to A.
 */
export async function buildClassicTopology(
  ec2: EC2Client,
  cluster: string = DEFAULT_CLUSTER,
): Promise<Topology> {
  const vpc = await ec2.send(
    new CreateVpcCommand({ CidrBlock: VPC_CIDR, TagSpecifications: tags("vpc", "eip-failover", cluster) }),
  );
  const vpcId = vpc.Vpc?.VpcId;
  if (!vpcId) throw new Error("CreateVpc returned no VPC id");
  const nodes = {} as Record<NodeName, SimNode>;
  for (const key of Object.keys(NODES) as NodeName[]) {
    const spec = NODES[key];
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: spec.subnetCidr,
        AvailabilityZone: spec.availabilityZone,
        TagSpecifications: tags("subnet", `${spec.name}-subnet`, cluster),
      }),
    );
    const subnetId = subnet.Subnet?.SubnetId;
    if (!subnetId) throw new Error(`CreateSubnet returned no id for ${spec.subnetCidr}`);
    nodes[key] = await launchNode(ec2, { name: spec.name, subnetId, privateIp: spec.privateIp, cluster });
  }
  const eip = await allocateEip(ec2, `${cluster}-vip`, cluster);
  const assoc = await ec2.send(
    new AssociateAddressCommand({
      AllocationId: eip.allocationId,
      InstanceId: nodes.A.instanceId,
      AllowReassociation: true,
    }),
  );
  return { vpcId, nodes, eip: { ...eip, associationId: assoc.AssociationId ?? "" } };
}
