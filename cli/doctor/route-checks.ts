// The checks of a cluster's overlay routes (issue 17): the members' routed interfaces forward, the overlay IP
// lies outside the VPC, each listed table exists, serves a subnet and sends the overlay to a member. Pure
// functions over the observation, as checks.ts.
import { containingCidr, describeHop } from "../../core/index.ts";
import type { ListedTable } from "../route-tables.ts";
import type { CheckResult, DoctorCluster, DoctorMember, DoctorRoute } from "./types.ts";
import { verdict as check } from "./verdict.ts";

/** The aws CLI's flag for a destination: IPv6 host routes have their own. */
const destinationFlag = (destination: string) =>
  `--destination-${destination.endsWith("/128") ? "ipv6-" : ""}cidr-block ${destination}`;

/**
 * The member's routed interface (the document's networkInterfaceId) is attached to it and forwards traffic
 * that is not addressed to its own IPs (source/destination check disabled). Nothing for a member that does
 * not exist (its own check says so) or whose document names no interface. Pure.
 */
export function routedInterfaceChecks(cluster: string, m: DoctorMember): CheckResult[] {
  const eni = m.routedInterface;
  if (!m.exists || !eni) return [];
  const name = `member ${m.instanceId}'s routed interface ${eni.networkInterfaceId}`;
  if (eni.attachedTo !== m.instanceId) {
    const now = !eni.exists
      ? "does not exist"
      : eni.attachedTo
        ? `is attached to ${eni.attachedTo}`
        : "is detached";
    return [
      check(
        { id: "member.routed-interface", cluster, subject: eni.networkInterfaceId },
        false,
        `${name} is attached to it (${now})`,
        `name ${m.instanceId}'s own interface as its networkInterfaceId in the document (aws ec2 describe-instances --instance-ids ${m.instanceId}) (Deploy step 7): the routes point at this interface`,
      ),
    ];
  }
  const has = eni.sourceDestCheck === undefined ? "EC2 did not say" : eni.sourceDestCheck ? "enabled" : "";
  return [
    check(
      { id: "member.source-dest-check", cluster, subject: eni.networkInterfaceId },
      eni.sourceDestCheck === false,
      `${name} has source/destination check disabled${has ? ` (${has})` : ""}`,
      `aws ec2 modify-network-interface-attribute --network-interface-id ${eni.networkInterfaceId} --no-source-dest-check (Deploy step 1): with the check on, EC2 drops every packet for the overlay IP before it reaches the member`,
    ),
  ];
}

/** The overlay IP lies outside every IPv4 and IPv6 CIDR of the listed tables' VPCs. Nothing when none was found. */
export function outsideVpcCheck(cluster: string, route: DoctorRoute): CheckResult[] {
  if (route.vpcs.length === 0) return [];
  const vpcs = route.vpcs.map((v) => v.vpcId).join(", ");
  const cidrs = route.vpcs.flatMap((v) => v.cidrs);
  const inside = containingCidr(cidrs, route.destination);
  return [
    check(
      { id: "route.outside-vpc", cluster, subject: route.destination },
      inside === undefined,
      `overlay ${route.destination} is outside every CIDR of ${vpcs} (${inside ? `falls in ${inside}` : cidrs.join(", ")})`,
      `choose an overlay IP outside ${cidrs.join(", ")} and correct destination in the document (Deploy step 7): EC2 keeps the VPC's range for its local route (a narrower route must match a whole subnet), so no table can send that address to a member`,
    ),
  ];
}

/**
 * The listed table exists and serves a subnet: one explicitly associated, or it is the VPC's main table, which
 * serves every subnet without a table of its own (proving that one such subnet remains would need two more
 * calls, DescribeSubnets and every table of the VPC; a main table is the common, deliberate choice). Pure.
 */
export function tableCheck(cluster: string, destination: string, t: ListedTable): CheckResult {
  const name = `route table ${t.routeTableId} (listed for ${destination})`;
  if (!t.exists)
    return check(
      { id: "route.table", cluster, subject: t.routeTableId },
      false,
      `${name} exists`,
      `correct routeTableIds in the document, or create the table in the cluster's VPC (aws ec2 create-route-table) (Deploy step 7): is it in this account and Region?`,
    );
  const serves = t.main
    ? "the VPC's main table: it serves every subnet without a table of its own"
    : `${t.subnetIds.length} subnet${t.subnetIds.length === 1 ? "" : "s"}`;
  return check(
    { id: "route.table", cluster, subject: t.routeTableId },
    t.main || t.subnetIds.length > 0,
    `${name} exists and is associated with a subnet (${serves})`,
    `aws ec2 associate-route-table --route-table-id ${t.routeTableId} --subnet-id <the clients' subnet> (Deploy step 1), or drop it from routeTableIds: a table no subnet uses sends no client's traffic anywhere`,
  );
}

/**
 * The listed table sends the destination to a member's routed interface, and the route is not a blackhole. A
 * missing route is a ✗ too: the clients of that table's subnets cannot reach the overlay IP now, and only the
 * next move (the route agent's start, the controller's claim) would create it. Pure.
 */
export function pointsAtMemberCheck(
  cluster: string,
  destination: string,
  t: ListedTable,
  members: readonly DoctorMember[],
): CheckResult {
  const hop = t.route;
  const member = members.find(
    (m) => m.routedInterface && m.routedInterface.networkInterfaceId === hop?.networkInterfaceId,
  );
  const ok = Boolean(hop && !hop.blackhole && member);
  const now = !hop
    ? "it has no route for it"
    : hop.blackhole
      ? `${describeHop(hop)}: its target is gone`
      : member
        ? `${member.instanceId}'s ${hop.networkInterfaceId}`
        : `${describeHop(hop)}, no member's`;
  const targets = members.flatMap((m) => m.routedInterface?.networkInterfaceId ?? []).join(" or ");
  return check(
    { id: "route.points-at-member", cluster, subject: t.routeTableId },
    ok,
    `route table ${t.routeTableId} sends ${destination} to a member's interface (${now})`,
    `aws ec2 ${hop ? "replace-route" : "create-route"} --route-table-id ${t.routeTableId} ${destinationFlag(destination)} --network-interface-id <the active member's: ${targets}>, or let the route resource start on the active member (it does the same)`,
  );
}

/**
 * Every check of one cluster's routes, per route: outside the VPC, then per table: exists and serves a subnet,
 * points at a member. An overlay inside the VPC gets no "points at" lines: no table can hold its route, and
 * its one ✗ says so. Pure.
 */
export function routeChecks(c: DoctorCluster): CheckResult[] {
  return (c.routes ?? []).flatMap((r) => {
    const outside = outsideVpcCheck(c.name, r);
    const routable = outside.every((o) => o.ok);
    return [
      ...outside,
      ...r.tables.flatMap((t) => [
        tableCheck(c.name, r.destination, t),
        ...(t.exists && routable ? [pointsAtMemberCheck(c.name, r.destination, t, c.members)] : []),
      ]),
    ];
  });
}
