// Covered by test/unit/agent/route/config-values.test.ts and config.test.ts (the meta-data as operators see it).
import { type AgentDescription, resourceAgentXml } from "../ocf/meta-data.ts";
import { ROUTE_IGNORED_PARAMETERS, ROUTE_PARAMETERS, ROUTE_UNSUPPORTED_PARAMETERS } from "./parameters.ts";

/** ocf:eip-failover:route, declared: meta-data, usage and parsing are written from this. */
export const ROUTE_AGENT = {
  name: "route",
  longdesc: `Keeps an overlay IP (a /32 or /128 outside the VPC's CIDRs) on the node where this resource runs. start
points the IP's route in every listed route table at this node's network interface (ReplaceRoute, or
CreateRoute where the route is missing), then adds the IP to the local interface. stop takes the IP off the
interface and leaves the routes alone. With allow-migrate=true, Pacemaker moves it by migrate_to on the old node
(no call), migrate_from on the new node (start's ReplaceRoute per table and the IP added there), then stop on the
old node (the IP taken off its interface): the routes never point nowhere during a planned move. monitor checks
the local interface; probes, and monitors with monapi, read the route tables too, in one DescribeRouteTables call. Never deletes a route. Identity comes from
IMDSv2 (cached under HA_RSCTMP); credentials from the instance role. Transient AWS errors are retried with
backoff inside the operation's timeout, less a safety margin. Beside ocf:eip-failover:eip, put this resource last
in the same group and give it multiple-active=stop_unexpected: a node that rejoins after dropping out unfenced
still has the IP, its probe answers 1 (the routes point elsewhere), and Pacemaker then stops that instance alone
instead of restarting the group on both nodes (the default stop_start leaves the EIP pointing nowhere meanwhile).`,
  shortdesc: "Routes an overlay IP to this node (VPC route tables, IMDSv2, instance role)",
  parameters: ROUTE_PARAMETERS,
  ignored: {
    names: ROUTE_IGNORED_PARAMETERS,
    longdesc:
      "Accepted for compatibility with ocf:heartbeat:aws-vpc-move-ip and ignored: this agent needs no CLI, takes credentials from the instance role (AWS_PROFILE is honoured), always routes to a network interface and labels no address.",
    shortdesc: "Ignored (aws-vpc-move-ip compatibility)",
  },
  unsupported: ROUTE_UNSUPPORTED_PARAMETERS,
} as const satisfies AgentDescription<(typeof ROUTE_PARAMETERS)[number]>;

/** The route agent's OCF meta-data, valid against ra-api-1.dtd. Pure: runs before anything can fail. */
export const routeMetaData = (version: string): string => resourceAgentXml(ROUTE_AGENT, version);
