import type { InstanceState, Member } from "../../core/index.ts";
import type { Pause } from "../paused.ts";
import type { ListedTable } from "../route-tables.ts";

/** One Elastic IP as EC2 describes it now. */
export interface ObservedAddress {
  readonly allocationId: string;
  readonly publicIp: string;
  /** undefined when the address points at no instance (or at an ENI that is not attached). */
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
}

/** One instance as EC2 describes it now (a member, or an instance that holds one of the addresses). */
export interface ObservedInstance {
  readonly instanceId: string;
  readonly state: InstanceState;
  readonly availabilityZone: string;
  /** True only when both status checks pass. */
  readonly statusOk: boolean;
}

/** A cluster document and what EC2 says of everything it names. Plain data: the planner is pure. */
export interface ObservedCluster {
  readonly name: string;
  readonly fencing: string;
  readonly graceSeconds: number;
  /** Set while the cluster is paused (`eip-failover pause`); undefined: the controller acts. */
  readonly paused?: Pause;
  readonly members: readonly Member[];
  /** The document's allocation ids, in its order. */
  readonly allocationIds: readonly string[];
  /** The addresses EC2 knows; an allocation id missing here does not exist (in this Region). */
  readonly addresses: readonly ObservedAddress[];
  /** Members and holders EC2 reports; an instance missing here does not exist. */
  readonly instances: readonly ObservedInstance[];
  /** Instance ids with a status alarm; undefined when alarms were not looked at. */
  readonly alarmedInstanceIds?: readonly string[];
  /** The overlay routes the document lists, each listed table as EC2 describes it; undefined: none. */
  readonly routes?: readonly { readonly destination: string; readonly tables: readonly ListedTable[] }[];
}

/** Where one listed route table sends an overlay route now. */
export interface RouteTableStatus {
  readonly routeTableId: string;
  /**
   * "member" (a member's interface), "non-member" (any other target), "blackhole" (its target is gone),
   * "nowhere" (the table has no route for it), "missing" (the table does not exist).
   */
  readonly pointsAt: "member" | "non-member" | "blackhole" | "nowhere" | "missing";
  /** The member whose interface it is ("member"); otherwise the route's instance when EC2 names one. */
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  /** The route's target in words (core's describeHop) when it is not a member's interface. */
  readonly target?: string;
}

/** Where one overlay route points in each listed table, and where the controller would move it now. */
export interface RouteStatus {
  readonly destination: string;
  readonly tables: readonly RouteTableStatus[];
  /** The member every table that points at a member points at; undefined when none does or they disagree. */
  readonly holder: string | undefined;
  /** The member the controller would choose if the holder failed now; undefined: none is healthy. */
  readonly standby: string | undefined;
}

/** Where one address of a cluster sits, and where the controller would move it now. */
export interface AddressStatus {
  readonly allocationId: string;
  /** undefined when the allocation id does not exist. */
  readonly publicIp: string | undefined;
  readonly instanceId: string | undefined;
  readonly networkInterfaceId: string | undefined;
  readonly privateIpAddress: string | undefined;
  /** The holder's AZ; undefined when nobody holds it or the holder was not observed. */
  readonly availabilityZone: string | undefined;
  /** "member", "non-member", "nobody" or "missing" (the allocation id does not exist). */
  readonly heldBy: "member" | "non-member" | "nobody" | "missing";
  /** The member the controller would choose if the holder failed now; undefined: none is healthy. */
  readonly standby: string | undefined;
}

/** One member as the status shows it. */
export interface MemberStatus {
  readonly instanceId: string;
  /** The instance state, or "missing" when EC2 does not know the instance. */
  readonly state: InstanceState | "missing";
  /** "ok" (both checks pass), "impaired" (running, a check fails), or "-" (not running or missing). */
  readonly checks: "ok" | "impaired" | "-";
  readonly availabilityZone: string | undefined;
  /** Public IPs of the cluster's addresses this member holds, then the overlay routes it holds. */
  readonly holds: readonly string[];
  /** undefined when alarms were not looked at. */
  readonly alarm: boolean | undefined;
}

/** The status of one cluster: its addresses, its members, and what has drifted from the document. */
export interface ClusterStatus {
  readonly name: string;
  readonly fencing: string;
  readonly graceSeconds: number;
  /** Set while the cluster is paused (`eip-failover pause`); undefined: the controller acts. */
  readonly paused?: Pause;
  readonly addresses: readonly AddressStatus[];
  /** Empty when the document lists no route. */
  readonly routes: readonly RouteStatus[];
  readonly members: readonly MemberStatus[];
  /** One sentence per drift, naming the value; empty when everything matches the document. */
  readonly warnings: readonly string[];
}

/** `status --json`: every cluster asked for, and the documents that did not validate. */
export interface StatusReport {
  readonly clusters: readonly ClusterStatus[];
  readonly invalid: readonly { readonly parameter: string; readonly field: string; readonly why: string }[];
}
