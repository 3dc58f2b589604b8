import type { Route } from "@aws-sdk/client-ec2";
import { hostRoute } from "./ids.ts";
import type { RouteHop, RouteTableView } from "./route-types.ts";
import { present } from "./snapshot.ts";

/** The canonical destination of one `DescribeRouteTables` route entry, or undefined when it has none. */
export function destinationOf(route: Route): string | undefined {
  const cidr = present(route.DestinationCidrBlock) ?? present(route.DestinationIpv6CidrBlock);
  return cidr ? hostRoute(cidr) : undefined;
}

/** Where one `DescribeRouteTables` route entry points. */
export function toRouteHop(route: Route): RouteHop {
  const networkInterfaceId = present(route.NetworkInterfaceId);
  const instanceId = present(route.InstanceId);
  const other =
    present(route.GatewayId) ??
    present(route.NatGatewayId) ??
    present(route.TransitGatewayId) ??
    present(route.VpcPeeringConnectionId) ??
    present(route.EgressOnlyInternetGatewayId) ??
    present(route.LocalGatewayId) ??
    present(route.CarrierGatewayId) ??
    present(route.CoreNetworkArn);
  return {
    ...(networkInterfaceId ? { networkInterfaceId } : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(other ? { other } : {}),
    blackhole: route.State === "blackhole",
  };
}

/** True when the table routes the destination to `networkInterfaceId` and the route is not a blackhole. */
export function pointsAt(view: RouteTableView, networkInterfaceId: string): boolean {
  return view.route?.networkInterfaceId === networkInterfaceId && !view.route.blackhole;
}

/** True when two observations of one table's route name the same target (both absent counts as same). */
export function sameHop(a: RouteHop | undefined, b: RouteHop | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.networkInterfaceId === b.networkInterfaceId &&
    a.instanceId === b.instanceId &&
    a.other === b.other &&
    a.blackhole === b.blackhole
  );
}

/** "network interface eni-1 (instance i-2)", "igw-3", "no route", for messages and logs. */
export function describeHop(hop: RouteHop | undefined): string {
  if (!hop) return "no route";
  const target = hop.networkInterfaceId
    ? `network interface ${hop.networkInterfaceId}${hop.instanceId ? ` (instance ${hop.instanceId})` : ""}`
    : hop.instanceId
      ? `instance ${hop.instanceId}`
      : (hop.other ?? "nothing");
  return hop.blackhole ? `${target} (blackhole)` : target;
}
