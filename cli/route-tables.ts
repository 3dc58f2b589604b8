// The route tables the cluster documents list, as status and the doctor both read them: one call for all.
import { DescribeRouteTablesCommand, type EC2Client, type RouteTable } from "@aws-sdk/client-ec2";
import { destinationOf, type RouteHop, toRouteHop } from "../core/index.ts";

/** One listed route table and where it sends one destination. Plain data: status and the doctor are pure. */
export interface ListedTable {
  readonly routeTableId: string;
  /** False when EC2 does not know the table (in this account and Region); the fields below are then empty. */
  readonly exists: boolean;
  readonly vpcId?: string;
  /** True when it is its VPC's main table: it serves every subnet that has no table of its own. */
  readonly main: boolean;
  /** The subnets explicitly associated with it. */
  readonly subnetIds: readonly string[];
  /** Where it sends the destination; undefined when it has no route for it. */
  readonly route?: RouteHop;
}

/**
 * Every table of `routeTableIds` EC2 knows, in one DescribeRouteTables call (none when the list is empty). A
 * filter, not RouteTableIds: one listed table that does not exist must not hide the others.
 */
export async function describeListedTables(
  ec2: EC2Client,
  routeTableIds: readonly string[],
): Promise<RouteTable[]> {
  const ids = [...new Set(routeTableIds)];
  if (ids.length === 0) return [];
  const all: RouteTable[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: "route-table-id", Values: ids }], NextToken }),
    );
    all.push(...(page.RouteTables ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/**
 * The view of one listed table for `destination` (canonical, as the document stores it). Pure.
 *
 * @example
 * listedTable(await describeListedTables(ec2, ids), "rtb-0123456789abcdef0", "192.168.100.10/32").route
 */
export function listedTable(
  tables: readonly RouteTable[],
  routeTableId: string,
  destination: string,
): ListedTable {
  const table = tables.find((t) => t.RouteTableId === routeTableId);
  if (!table) return { routeTableId, exists: false, main: false, subnetIds: [] };
  const associations = (table.Associations ?? []).filter(
    (a) => (a.AssociationState?.State ?? "associated") === "associated",
  );
  const route = table.Routes?.find((r) => destinationOf(r) === destination);
  return {
    routeTableId,
    exists: true,
    vpcId: table.VpcId,
    main: associations.some((a) => a.Main === true),
    subnetIds: associations.flatMap((a) => a.SubnetId ?? []),
    ...(route ? { route: toRouteHop(route) } : {}),
  };
}
