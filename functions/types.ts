import type { EC2Client } from "@aws-sdk/client-ec2";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Deadline } from "../core/index.ts";

/** The slice of Powertools Logger the controller uses, so tests and the drill can pass their own. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** The slice of Powertools Metrics the controller uses. */
export interface MetricSink {
  addMetric(name: string, unit: "Count" | "Milliseconds", value: number): void;
}

/** Everything with a side effect, injected once per container (and by tests). */
export interface Deps {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  /** Where failover notices go (the default bus); undefined: none are sent (tests and benches that read none). */
  readonly events?: EventBridgeClient;
  readonly log: Log;
  readonly metrics: MetricSink;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly dryRun: boolean;
  /**
   * The longest an EC2 read may lag a change, ms (Settings.lagBoundMs); undefined: core's DEFAULT_LAG_BOUND_MS.
   * 0 takes every read as exact (a test that needs that says so).
   */
  readonly lagBoundMs?: number;
}

/** The failure an event reports: which instance, and what EventBridge said about it. */
export interface Failure {
  readonly instanceId: string;
  readonly cause: "state-change" | "alarm";
  /** The state entered (state-change) or the alarm's name. */
  readonly detail: string;
  /** When AWS says it happened (epoch ms): the grace window counts from here, on every invocation. */
  readonly at: number;
  /**
   * A what-if's failure (event/what-if.ts), taken as given: no grace window, no recovery check. Undefined for
   * every real event.
   */
  readonly assumed?: boolean;
}

/** What happened to one address, or one route, of one cluster. */
export type AddressOutcome =
  | {
      readonly outcome: "moved";
      readonly from?: string;
      readonly to: string;
      readonly commandId?: string;
      /** Fencing "reboot": the fenced member's start after the move; undefined when none was made. */
      readonly restart?: Restart;
    }
  | { readonly outcome: "skipped"; readonly reason: string }
  /** The grace window is still open: invoke again at `until` (epoch ms). */
  | { readonly outcome: "waiting"; readonly until: number; readonly reason: string }
  | { readonly outcome: "conflict"; readonly holder: string }
  | { readonly outcome: "no-standby"; readonly reason: string }
  | { readonly outcome: "planned"; readonly plan: readonly string[] }
  /** The cluster is paused (`eip-failover pause`, since `since`, ISO): `plan` is what was not carried out. */
  | { readonly outcome: "paused"; readonly plan: readonly string[]; readonly since: string }
  | { readonly outcome: "fencing-failed"; readonly reason: string }
  | {
      readonly outcome: "error";
      /** Core's error kind (or "unexpected"), as before reasons existed. */
      readonly kind: string;
      /** Core's machine-readable reason (`throttled`, `permission`, …), or "unexpected". */
      readonly errorReason: string;
      readonly reason: string;
    };

/** The start of a fenced member after the move ("reboot"): the state EC2 answered, or why it failed. */
export type Restart =
  | { readonly instanceId: string; readonly state: string }
  | { readonly instanceId: string; readonly failed: string };

/**
 * How long each phase of one address's decision took, in ms. A phase that did not run (no fencing, no move,
 * no Pacemaker to reconcile) is undefined.
 */
export interface PhaseTimings {
  /** From AWS's time of the failure to the start of the deciding invocation, less the grace window held. */
  readonly eventLagMs: number;
  /** The grace window held before moving; 0 when nothing was waited for (no window, an orphaned address). */
  readonly graceMs: number;
  readonly fenceMs?: number;
  readonly moveMs?: number;
  readonly reconcileMs?: number;
  /** The fenced member's start ("reboot"). */
  readonly startMs?: number;
}

export interface AddressReport {
  readonly cluster: string;
  readonly allocationId: string;
  /** The address's public IP; undefined when the decision ended before the address was looked at. */
  readonly publicIp?: string;
  /** The instance holding the address when the controller looked; undefined when nobody (or not looked). */
  readonly from?: string;
  /** The standby chosen to receive it; undefined when none was chosen. */
  readonly to?: string;
  readonly timings: PhaseTimings;
  readonly result: AddressOutcome;
}

/** What the controller found in one route table of a route, and what its move did there. */
export interface RouteTableReport {
  readonly routeTableId: string;
  /** Where the table sent the destination when the controller looked, in core's words (`describeHop`). */
  readonly seen: string;
  /**
   * What the move did in this table; undefined when no move ran here (the table was left alone, or the
   * decision ended before moving: waiting, a dry run, no standby, an error).
   */
  readonly done?: "replaced" | "created" | "unchanged" | "conflict";
  /** Where the table sends the destination now, in core's words (conflict only: someone else changed it). */
  readonly now?: string;
}

/** What happened to one route (one destination across its route tables) of one cluster. */
export interface RouteReport {
  readonly cluster: string;
  /** The canonical host route, `192.168.100.10/32` or `fd00:ec2::10/128`. */
  readonly destination: string;
  /** The route tables the cluster document lists for it, in its order. */
  readonly routeTableIds: readonly string[];
  /** The failed member, when some table pointed the destination at it; undefined otherwise. */
  readonly from?: string;
  /** The standby chosen to receive it; undefined when none was chosen. */
  readonly to?: string;
  /** Table by table; undefined when the decision ended before the tables were read. */
  readonly tables?: readonly RouteTableReport[];
  readonly timings: PhaseTimings;
  readonly result: AddressOutcome;
}

/** One item of a cluster's set: an address, or a route (it has a `destination`). */
export type ItemReport = AddressReport | RouteReport;

/** The handler's answer: what the event meant and what was done for each address and route. */
export interface FailoverReport {
  readonly trigger: "failure" | "ignored" | "malformed";
  readonly instanceId?: string;
  readonly reason?: string;
  readonly addresses: readonly AddressReport[];
  /** One report per route of the failed member's clusters (empty when none lists routes). */
  readonly routes: readonly RouteReport[];
  readonly invalidClusters: number;
  /**
   * Set when some address or route waits out a grace window: invoke again with the same event after this many
   * seconds (the queue's consumer sends it back with that delay). Undefined when the decision is complete.
   */
  readonly recheckInSeconds?: number;
}

export interface Invocation {
  readonly deadline: Deadline;
}
