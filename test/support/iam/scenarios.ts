import type { IamCall, IamCaller } from "../../../core/iam-calls.ts";
import { fenceAwsSends } from "./calls.ts";
import { type ClusterThings, type Thing, WORLD } from "./world.ts";

/** Who sends a request: the controller, or the agent on one node of one cluster. */
export interface Principal {
  readonly caller: IamCaller;
  /** The node the agent runs on (its instance-role credentials name it); undefined for the controller. */
  readonly node?: Thing;
  /** The cluster whose node role the agent has; undefined for the controller. */
  readonly cluster?: string;
}

/** One request to simulate and the decision the project expects. */
export interface Scenario {
  readonly name: string;
  readonly call: IamCall;
  readonly principal: Principal;
  /** The thing each resource of `call` names, by resource type. */
  readonly picks: Readonly<Record<string, Thing>>;
  readonly expect: "Allow" | "Deny";
}

export const CONTROLLER: Principal = { caller: "controller" };
export const WEB_NODE: Principal = { caller: "agent", node: WORLD.web.nodes[0], cluster: "web" };

/** What a principal's request names in `cluster`: in web, the agent's are its own instance and interface. */
export function picksIn(cluster: ClusterThings, principal: Principal): Record<string, Thing> {
  const own = principal.caller === "agent" ? 0 : 1;
  return {
    "elastic-ip": cluster.address,
    instance: cluster.nodes[own],
    "network-interface": cluster.interfaces[own],
    "route-table": cluster.routeTable,
    document: WORLD.document,
    parameter: WORLD.configPath,
    "event-bus": WORLD.defaultBus,
    alarm: WORLD.alarm,
    queue: WORLD.decisionsQueue,
  };
}

/** Calls granted on every alarm of the account: a listing names no one alarm (read-only). */
const LISTS_ALARMS: readonly string[] = ["cloudwatch:DescribeAlarms"];

const label = (call: IamCall, principal: Principal) =>
  `${principal.caller}${principal.cluster ? `(${principal.cluster})` : ""} ${call.action}${call.shape ? ` ${call.shape}` : ""}`;

/**
 * The expectations for one call and principal: its own cluster is allowed to the call's callers and denied
 * to everyone else; another cluster's resource is allowed to the controller only; an untagged resource, another
 * node's instance (for the agent), another parameter path, another event bus, another queue and an alarm
 * outside the stack's prefix (except to list it) are denied.
 */
function forCall(call: IamCall, principal: Principal): Scenario[] {
  // a node's fence_aws also reads instances (granted on "*"); its power calls go to the peer only (below)
  const fenceRead = principal.caller === "agent" && fenceAwsSends(call.action) && call.resources.length === 0;
  const mayCall = call.callers.includes(principal.caller) || fenceRead;
  const base = picksIn(WORLD.web, principal);
  const name = label(call, principal);
  const out: Scenario[] = [
    { name: `${name}: its own cluster`, call, principal, picks: base, expect: mayCall ? "Allow" : "Deny" },
  ];
  const swap = (type: string, thing: Thing, what: string, expect: Scenario["expect"]) =>
    out.push({ name: `${name}: ${what}`, call, principal, picks: { ...base, [type]: thing }, expect });
  for (const r of call.resources) {
    if (r.tagKey) {
      const other = picksIn(WORLD.db, principal)[r.type] as Thing;
      const untagged = picksIn(WORLD.untagged, CONTROLLER)[r.type] as Thing;
      swap(
        r.type,
        other,
        `${r.type} of cluster db`,
        mayCall && principal.caller === "controller" ? "Allow" : "Deny",
      );
      swap(r.type, untagged, `untagged ${r.type}`, "Deny");
    }
    // a node's fence_aws may power its cluster's peer off and on (and nothing else may)
    if (r.type === "instance" && principal.caller === "agent")
      swap(
        r.type,
        WORLD.web.nodes[1],
        "the other node of its cluster",
        fenceAwsSends(call.action) ? "Allow" : "Deny",
      );
    if (r.type === "parameter") swap(r.type, WORLD.otherPath, "another parameter path", "Deny");
    if (r.type === "event-bus") swap(r.type, WORLD.otherBus, "another event bus", "Deny");
    if (r.type === "alarm")
      swap(
        r.type,
        WORLD.otherAlarm,
        "an alarm outside the stack's prefix",
        mayCall && LISTS_ALARMS.includes(call.action) ? "Allow" : "Deny",
      );
    if (r.type === "queue") swap(r.type, WORLD.otherQueue, "another queue", "Deny");
  }
  return out;
}

/** Every scenario for every call, for the controller and for the node role of cluster web. */
export function scenarios(calls: readonly IamCall[]): Scenario[] {
  return calls.flatMap((call) => [CONTROLLER, WEB_NODE].flatMap((principal) => forCall(call, principal)));
}
