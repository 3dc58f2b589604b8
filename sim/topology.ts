import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  CreateRouteCommand,
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
  OVERLAY_DESTINATION,
  SIM_IMAGE_ID,
  VPC_CIDR,
} from "./constants.ts";
import { createRouteInput, createRouteTable } from "./route-tables.ts";

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

/**
 * The classic topology: one VPC, two subnets in two AZs, nodes A and B, one EIP on A, and an overlay IP
 * routed to A's interface in each subnet's own route table.
 */
export interface Topology {
  readonly vpcId: string;
  readonly nodes: Readonly<Record<NodeName, SimNode>>;
  readonly eip: { readonly allocationId: string; readonly publicIp: string; readonly associationId: string };
  /** The overlay route: its destination and the route tables (A's subnet's, then B's) that hold it. */
  readonly overlay: { readonly destination: string; readonly routeTableIds: readonly string[] };
}

type Tagged = "instance" | "elastic-ip" | "vpc" | "subnet";
const tags = (resource: Tagged, name: string, cluster: string) => [
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
 * Gives `subnetId` a route table of its own, tagged for `cluster`, with `destination` routed to
 * `networkInterfaceId`. Returns the table's id.
 */
export async function routeSubnet(
  ec2: EC2Client,
  spec: { vpcId: string; subnetId: string; name: string; destination: string; networkInterfaceId: string },
  cluster: string = DEFAULT_CLUSTER,
): Promise<string> {
  const routeTableId = await createRouteTable(ec2, { vpcId: spec.vpcId, name: spec.name, cluster });
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: spec.subnetId }));
  await ec2.send(new CreateRouteCommand(createRouteInput(routeTableId, spec)));
  return routeTableId;
}

/**
 * Builds the classic topology in an empty region: VPC 10.0.0.0/16, subnet 10.0.0.0/24 in ap-northeast-1a
 * with node A at 10.0.0.20, subnet 10.0.1.0/24 in ap-northeast-1c with node B at 10.0.1.20, one VPC
 * Elastic IP associated to A, and in each subnet's own route table the overlay 192.168.100.10/32 to A's ENI.
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
  const routeTableIds: string[] = [];
  for (const key of Object.keys(NODES) as NodeName[])
    routeTableIds.push(
      await routeSubnet(
        ec2,
        {
          vpcId,
          subnetId: nodes[key].subnetId,
          name: `${NODES[key].name}-routes`,
          destination: OVERLAY_DESTINATION,
          networkInterfaceId: nodes.A.networkInterfaceId,
        },
        cluster,
      ),
    );
  return {
    vpcId,
    nodes,
    eip: { ...eip, associationId: assoc.AssociationId ?? "" },
    overlay: { destination: OVERLAY_DESTINATION, routeTableIds },
  };
}
