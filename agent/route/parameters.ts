// Covered by test/unit/agent/route/config-values.test.ts and config.test.ts.
import { DESTINATION_EXAMPLES, ID_EXAMPLES } from "../../core/ids.ts";
import { apiLagParameter, monapiParameter, type ParameterSpec, regionParameter } from "../ocf/parameters.ts";

/**
 * The route agent's declarative table (ocf:eip-failover:route). Names and meanings follow ClusterLabs
 * `aws-vpc-move-ip` where they mean the same, so a resource switches agents by changing only the provider.
 * Syntax only here; core/ids.ts decides what a destination and a route table id are.
 */
export const ROUTE_PARAMETERS = [
  {
    name: "ip",
    shortdesc: "Overlay IP",
    longdesc:
      "The overlay IP address: outside the VPC's CIDRs, routed as a /32 (IPv4) or /128 (IPv6) to the active node's network interface, and added to this node's interface. A bare address or one with its host prefix.",
    unique: true,
    pattern: /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/,
    example: `${DESTINATION_EXAMPLES.ipv4} or ${DESTINATION_EXAMPLES.ipv6}`,
  },
  {
    name: "routing_table",
    shortdesc: "Route tables",
    longdesc:
      "The route tables (rtb-..., comma-separated) whose route for the overlay IP start points at this node. Read in one DescribeRouteTables call.",
    unique: false,
    pattern: /^rtb-[0-9a-f]{8}([0-9a-f]{9})?(\s*,\s*rtb-[0-9a-f]{8}([0-9a-f]{9})?)*$/,
    example: `${ID_EXAMPLES.routeTableId},rtb-0fedcba9876543210`,
  },
  {
    name: "interface",
    shortdesc: "Local interface",
    longdesc:
      "The network interface of this node that carries the overlay IP (ip addr add). The routes point at the EC2 network interface whose MAC address it has, else at this instance's primary interface.",
    unique: false,
    pattern: /^[A-Za-z0-9_.@-]{1,15}$/,
    example: "eth0",
    default: "eth0",
  },
  regionParameter("the route tables"),
  monapiParameter(
    "Check the routes on every recurring monitor",
    "false (default): a recurring monitor checks only that the overlay IP is on the interface (no API call); probes check the routes too. true: every recurring monitor also reads the route tables (one DescribeRouteTables from EC2's non-mutating bucket, shared by the account and Region) and fails when one routes the IP elsewhere. While EC2 fails, such a monitor still answers 0 if the IP is on the interface.",
  ),
  apiLagParameter(
    "How long, in seconds, DescribeRouteTables may still show a route as it was before a change: EC2's API is eventually consistent and AWS gives no bound; aws-vpc-move-ip sleeps 1 s after each ReplaceRoute for it. This agent never sleeps after a change. start points every table at this node's interface (ReplaceRoute, CreateRoute where none is shown), also a table a read shows pointing here already (the read may lag), and remembers under HA_RSCTMP what it routed, until stop. Whenever the routes are read while the overlay IP is on the interface (probes; recurring monitors with monapi), a read that shows a table routing elsewhere, and a probe's read that shows them all here while this node routed nothing inside api_lag, are confirmed: the agent waits until api_lag has passed (counted from its own start when that is younger) and reads once more, and the second read is the answer. When the operation's timeout leaves no room for that wait, the answer is 0 (running), and the log says it was not confirmed. stop never touches a route. Limits: a change that shows later than api_lag can still mislead one monitor or probe; a move away from this node inside api_lag after its own start is seen by the next monitor, not by a probe in that window. 0: reads are taken as exact (no confirmation; start spares the tables a read shows pointing here). Default 5: the 20 s monitor and 30 s start timeouts leave room for the wait and a second read.",
  ),
] as const satisfies readonly ParameterSpec[];
export type RouteParameterName = (typeof ROUTE_PARAMETERS)[number]["name"];

/**
 * aws-vpc-move-ip's parameters accepted and ignored: this agent needs no CLI, takes credentials from the SDK's
 * default chain, always routes to a network interface (lookup_type), and labels nothing (iflabel).
 */
export const ROUTE_IGNORED_PARAMETERS = [
  "awscli",
  "profile",
  "lookup_type",
  "iflabel",
  "address",
  "trace_ra",
  "trace_file",
];

/** aws-vpc-move-ip's parameters this agent refuses: ignoring them would act in the wrong account. */
export const ROUTE_UNSUPPORTED_PARAMETERS = {
  routing_table_role:
    "route tables of another account (an assumed role) are not supported: give route tables of this account",
} as const;
