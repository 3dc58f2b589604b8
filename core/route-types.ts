/**
 * The domain of an overlay IP's routes: one destination (a /32 or /128 outside the VPC's CIDRs) routed in
 * several route tables to the active node's network interface. Plain data, like types.ts for addresses.
 */

/** How a caller names routes: one destination across a list of route tables. */
export interface RouteRef {
  /** An IPv4 /32 or IPv6 /128 (a bare address gets its host prefix); see `hostRoute` in ids.ts. */
  readonly destination: string;
  readonly routeTableIds: readonly string[];
}

/** Where one table sends the destination now. Fields EC2 leaves empty are undefined, never "". */
export interface RouteHop {
  /** undefined when the route points at something else, or at an interface that is gone. */
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  /** A gateway, NAT gateway, peering, transit gateway…: a target this project never sets. */
  readonly other?: string;
  /** EC2's `blackhole`: the target is gone (an interface deleted, an instance terminated). */
  readonly blackhole: boolean;
}

/** One table's observation: `route` undefined when the table has no route for the destination. */
export interface RouteTableView {
  readonly routeTableId: string;
  readonly route?: RouteHop;
}

/** One observation of a destination across route tables, in the order the caller listed them. */
export interface RouteSnapshot {
  /** The canonical host route (`192.168.100.10/32`, `fd00:ec2::10/128`). */
  readonly destination: string;
  readonly tables: readonly RouteTableView[];
}

/** One mutating call a route claim makes. There is no step that deletes a route. */
export interface RouteStep {
  readonly action: "ReplaceRoute" | "CreateRoute";
  readonly routeTableId: string;
  readonly destination: string;
  readonly networkInterfaceId: string;
}

/** A table a compare-and-swap left alone: its route changed between the observation and the re-read. */
export interface RouteConflict {
  readonly routeTableId: string;
  readonly observed?: RouteHop;
  readonly current?: RouteHop;
}

/** What a claim over route tables found and did. `steps` empty means no mutating call was made. */
export interface RouteClaimResult {
  readonly destination: string;
  /** The calls made, each of which landed. */
  readonly steps: readonly RouteStep[];
  /** Tables that already pointed at the target. */
  readonly unchanged: readonly string[];
  /** Tables left alone because someone else changed them (claim-if-unchanged only; empty for claim). */
  readonly conflicts: readonly RouteConflict[];
}
