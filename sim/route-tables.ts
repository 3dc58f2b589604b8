import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { CLUSTER_TAG_KEY, DEFAULT_CLUSTER } from "./constants.ts";

/** One overlay route as the sim builds it: a host route (/32 or /128) to a network interface. */
export interface SimRoute {
  readonly destination: string;
  readonly networkInterfaceId: string;
}

/** What {@link buildRouteTables} makes: `count` tables in `vpcId`, each holding every one of `routes`. */
export interface RouteTablesSpec {
  readonly vpcId: string;
  /** How many tables (1–200: a VPC's default quota is 200 route tables). */
  readonly count: number;
  /** Table k is named `${name}-${k}` (k from 1). */
  readonly name: string;
  readonly routes: readonly SimRoute[];
  /** Table k is associated with `subnetIds[k - 1]` where given; the others stay unassociated. */
  readonly subnetIds?: readonly string[];
  /** The value of the cluster tag on every table (default the classic cluster's). */
  readonly cluster?: string;
}

/** The most overlay destinations {@link overlayDestination} hands out: 192.168.1.1 … 192.168.255.254. */
export const MAX_OVERLAY_DESTINATIONS = 255 * 254;

/**
 * The `index`-th overlay host route of a fleet (from 0): 192.168.1.1/32, 192.168.1.2/32, … skipping .0 and
 * .255, so each is an ordinary host address outside any 10.x VPC the sim builds.
 *
 * @example
 * overlayDestination(0) // "192.168.1.1/32"
 * overlayDestination(254) // "192.168.2.1/32"
 */
export function overlayDestination(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_OVERLAY_DESTINATIONS)
    throw new RangeError(
      `overlay destination index out of range: ${index} (expected a whole number from 0 to ${MAX_OVERLAY_DESTINATIONS - 1})`,
    );
  return `192.168.${1 + Math.floor(index / 254)}.${1 + (index % 254)}/32`;
}

/** CreateRoute's input for `route` in `routeTableId`: an IPv6 /128 goes in its own field. */
export function createRouteInput(routeTableId: string, route: SimRoute) {
  return {
    RouteTableId: routeTableId,
    NetworkInterfaceId: route.networkInterfaceId,
    ...(route.destination.endsWith("/128")
      ? { DestinationIpv6CidrBlock: route.destination }
      : { DestinationCidrBlock: route.destination }),
  };
}

/** Creates one route table in `vpcId`, tagged with its name and `cluster`; returns its id. */
export async function createRouteTable(
  ec2: EC2Client,
  spec: { vpcId: string; name: string; cluster?: string },
): Promise<string> {
  const table = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: spec.vpcId,
      TagSpecifications: [
        {
          ResourceType: "route-table",
          Tags: [
            { Key: "Name", Value: spec.name },
            { Key: CLUSTER_TAG_KEY, Value: spec.cluster ?? DEFAULT_CLUSTER },
          ],
        },
      ],
    }),
  );
  const routeTableId = table.RouteTable?.RouteTableId;
  if (!routeTableId) throw new Error(`CreateRouteTable returned no id for ${spec.name}`);
  return routeTableId;
}

/**
 * Builds `count` route tables, each with every route of `spec.routes` (so count × routes entries), for storms
 * and drills that need more tables than the classic topology's two. Tables are built side by side, each
 * table's routes one after another. Returns the tables' ids in order.
 *
 * @example
 * const ids = await buildRouteTables(ec2, { vpcId, count: 10, name: "fleet-routes", routes: [{ destination: overlayDestination(0), networkInterfaceId }] });
 */
export async function buildRouteTables(ec2: EC2Client, spec: RouteTablesSpec): Promise<string[]> {
  if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > 200)
    throw new RangeError(`route table count out of range: ${spec.count} (expected 1 to 200)`);
  return Promise.all(
    Array.from({ length: spec.count }, async (_, k) => {
      const routeTableId = await createRouteTable(ec2, {
        vpcId: spec.vpcId,
        name: `${spec.name}-${k + 1}`,
        ...(spec.cluster ? { cluster: spec.cluster } : {}),
      });
      const subnetId = spec.subnetIds?.[k];
      if (subnetId)
        await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
      for (const route of spec.routes)
        await ec2.send(new CreateRouteCommand(createRouteInput(routeTableId, route)));
      return routeTableId;
    }),
  );
}
