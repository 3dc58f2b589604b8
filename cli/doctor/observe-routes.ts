import { DescribeVpcsCommand, type EC2Client, type NetworkInterface, type Vpc } from "@aws-sdk/client-ec2";
import type { Cluster } from "../../functions/index.ts";
import { describeListedTables, listedTable } from "../route-tables.ts";
import type { DoctorInterface, DoctorRoute } from "./types.ts";

/** A CIDR association EC2 has dropped or failed to make no longer says where the VPC's addresses are. */
const gone = (state: string | undefined) => state === "disassociated" || state === "failed";

/** Every IPv4 and IPv6 CIDR of `vpc` (primary and secondary). Pure. */
export function cidrsOf(vpc: Vpc): string[] {
  const v4 = (vpc.CidrBlockAssociationSet ?? []).flatMap((a) =>
    a.CidrBlock && !gone(a.CidrBlockState?.State) ? [a.CidrBlock] : [],
  );
  const v6 = (vpc.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) =>
    a.Ipv6CidrBlock && !gone(a.Ipv6CidrBlockState?.State) ? [a.Ipv6CidrBlock] : [],
  );
  return [...new Set([...(vpc.CidrBlock ? [vpc.CidrBlock] : []), ...v4, ...v6])];
}

/**
 * The overlay routes of every cluster, by cluster name, in two read-only calls however many clusters and tables
 * (none when no document lists a route): DescribeRouteTables for every listed table, then DescribeVpcs for
 * the VPCs those tables belong to (for the CIDRs the overlay must stay out of).
 */
export async function observeRoutesOf(
  ec2: EC2Client,
  clusters: readonly Cluster[],
): Promise<Map<string, DoctorRoute[]>> {
  const tables = await describeListedTables(
    ec2,
    clusters.flatMap((c) => c.routes.flatMap((r) => r.routeTableIds)),
  );
  const vpcIds = [...new Set(tables.flatMap((t) => t.VpcId ?? []))];
  const vpcs = vpcIds.length
    ? ((await ec2.send(new DescribeVpcsCommand({ VpcIds: vpcIds }))).Vpcs ?? [])
    : [];
  return new Map(
    clusters.map((c) => [
      c.name,
      c.routes.map(({ destination, routeTableIds }) => {
        const listed = routeTableIds.map((id) => listedTable(tables, id, destination));
        const mine = new Set(listed.flatMap((t) => t.vpcId ?? []));
        return {
          destination,
          tables: listed,
          vpcs: vpcs
            .filter((v) => v.VpcId && mine.has(v.VpcId))
            .map((v) => ({ vpcId: v.VpcId as string, cidrs: cidrsOf(v) })),
        };
      }),
    ]),
  );
}

/** What EC2 says of the interface `networkInterfaceId`, among those it described. Pure. */
export function interfaceOf(enis: readonly NetworkInterface[], networkInterfaceId: string): DoctorInterface {
  const eni = enis.find((e) => e.NetworkInterfaceId === networkInterfaceId);
  if (!eni) return { networkInterfaceId, exists: false };
  return {
    networkInterfaceId,
    exists: true,
    ...(eni.Attachment?.InstanceId ? { attachedTo: eni.Attachment.InstanceId } : {}),
    ...(eni.SourceDestCheck === undefined ? {} : { sourceDestCheck: eni.SourceDestCheck }),
  };
}
