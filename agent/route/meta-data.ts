import { parameterXml } from "../meta-data.ts";
import { ACTIONS, NETWORK_ACTIONS } from "../parameters.ts";
import { ROUTE_IGNORED_PARAMETERS, ROUTE_PARAMETERS } from "./parameters.ts";

/** The route agent's OCF meta-data, valid against ra-api-1.dtd. Pure: runs before anything can fail. */
export function routeMetaData(version: string): string {
  const params = ROUTE_PARAMETERS.map(parameterXml).join("\n");
  const ignored = ROUTE_IGNORED_PARAMETERS.map((name) =>
    parameterXml({
      name,
      unique: false,
      longdesc:
        "Accepted for compatibility with ocf:heartbeat:aws-vpc-move-ip and ignored: this agent needs no CLI, takes credentials from the instance role (AWS_PROFILE is honoured), always routes to a network interface and labels no address.",
      shortdesc: "Ignored (aws-vpc-move-ip compatibility)",
    }),
  ).join("\n");
  const actions = ACTIONS.map((a) => {
    const extra = "interval" in a ? ` depth="${a.depth}" interval="${a.interval}s"` : "";
    return `  <action name="${a.name}" timeout="${a.timeout}s"${extra} />`;
  }).join("\n");
  return `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="route" version="${version}">
 <version>1.0</version>
 <longdesc lang="en">
Keeps an overlay IP (a /32 or /128 outside the VPC's CIDRs) on the node where this resource runs. start
points the IP's route in every listed route table at this node's network interface (ReplaceRoute, or
CreateRoute where the route is missing), then adds the IP to the local interface. stop takes the IP off the
interface and leaves the routes alone. monitor checks the local interface; probes, and monitors with monapi,
read the route tables too, in one DescribeRouteTables call. Never deletes a route. Identity comes from
IMDSv2 (cached under HA_RSCTMP); credentials from the instance role. Transient AWS errors are retried with
backoff inside the operation's timeout, less a safety margin.
 </longdesc>
 <shortdesc lang="en">Routes an overlay IP to this node (VPC route tables, IMDSv2, instance role)</shortdesc>
 <parameters>
${params}
${ignored}
 </parameters>
 <actions>
${actions}
 </actions>
</resource-agent>
`;
}

/** Usage text for `usage` / `help` and for an unknown action. */
export function routeUsage(program: string): string {
  const actions = [...NETWORK_ACTIONS, "meta-data", "usage", "help"].join("|");
  return `usage: ${program} {${actions}}
parameters (as OCF_RESKEY_<name>): ${ROUTE_PARAMETERS.map((p) => p.name).join(", ")}`;
}
