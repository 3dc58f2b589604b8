import type { Where } from "../where.ts";
/** The drill's scenarios, in the order `--help` lists them. */
export const Scenarios = [
  "instance-stop",
  "status-alarm",
  "pacemaker",
  "grace",
  "both-down",
  "az-outage",
  "missed-event",
  "both-down-then-b-returns",
  "membership-change",
  "overlay",
] as const;
export type Scenario = (typeof Scenarios)[number];

/** EC2 throttling the drill can ask the proxy for. */
export const ThrottleChoices = ["off", "documented", "scaled"] as const;
export type ThrottleChoice = (typeof ThrottleChoices)[number];

/** An overlay fleet's shape: routes per cluster, and the route tables each route is in. */
export interface OverlayShape {
  readonly perCluster: number;
  readonly tables: number;
}

/** What the command line asked for, validated. */
export interface DrillOptions {
  readonly scenario: Scenario;
  readonly dryRun: boolean;
  readonly json: boolean;
  /** Clusters of the az-outage scenario (1 for every other scenario). */
  readonly clusters: number;
  /** The decisions queue's MaximumConcurrency: invocations at once, each its own container; undefined: as deployed. */
  readonly concurrency?: number;
  /** The decisions queue's batch size (records per invocation); undefined: as deployed. */
  readonly batchSize?: number;
  /** The az-outage clusters' graceSeconds (0 for every other scenario). */
  readonly graceSeconds: number;
  /**
   * az-outage: undefined when each cluster holds one EIP (the address storm); otherwise each cluster holds
   * `perCluster` overlay routes instead, each in the `tables` route tables the fleet shares (the route storm:
   * clusters × perCluster × tables route entries). Undefined for every other scenario.
   */
  readonly routes?: OverlayShape;
  /** EC2 throttling: az-outage defaults to "documented", every other scenario to "off". */
  readonly throttling: ThrottleChoice;
  /** Factor for `--throttling scaled` (capacity and refill multiplied). */
  readonly throttleFactor: number;
  /**
   * The share (0 ≤ share < 1) of every EC2 bucket that other tenants of the account spend (Terraform, Auto
   * Scaling, monitoring): the controller gets the rest. Undefined or 0: the account is the controller's alone.
   */
  readonly othersShare?: number;
  /** Show the progress bar even when stderr is not a terminal (az-outage shows it anyway). */
  readonly progress: boolean;
}

/** `drill --cluster NAME`: the dry run of the deployed controller for one cluster. */
export interface WhatIfOptions {
  readonly cluster: string;
  readonly json: boolean;
  readonly where: Where;
}

/** Who did something on the timeline. */
export const Sources = ["drill", "handler", "agent", "aws", "notice"] as const;
export type Source = (typeof Sources)[number];

/** One line of the timeline: what happened, by whom, when (epoch ms). */
export interface TimelineEntry {
  readonly at: number;
  readonly source: Source;
  readonly text: string;
  /** For AWS calls: the caller, action and HTTP status as the proxy logged them. */
  readonly call?: {
    readonly client: string;
    readonly action: string;
    readonly status: number;
    readonly throttled: boolean;
    readonly mutating: boolean;
  };
}

/** Where each address ended up, as moto says after the scenario. */
export interface AddressCheck {
  readonly cluster: string;
  readonly allocationId: string;
  /** Instance id before the failure. */
  readonly before: string | undefined;
  /** Instance id after the scenario; undefined when the address points nowhere (lost). */
  readonly after: string | undefined;
  /** The state of the instance holding it after the scenario. */
  readonly afterState: string | undefined;
}

/** Where one route entry (a destination in one route table) points after the scenario, as moto says. */
export interface RouteCheck {
  readonly cluster: string;
  readonly destination: string;
  readonly routeTableId: string;
  /** The instance whose interface the route targeted before the failure. */
  readonly before: string | undefined;
  /**
   * The instance whose interface it targets after the scenario (the interface id when no member owns it);
   * undefined when the route is gone, a blackhole, or targets no interface (lost).
   */
  readonly after: string | undefined;
  /** The state of that instance after the scenario. */
  readonly afterState: string | undefined;
}

/** What a scenario hands back to be judged, rendered and summarised. */
export interface ScenarioRun {
  /** What the scenario expects, in one sentence, for the report. */
  readonly expectation: string;
  /** When the failure was injected (epoch ms): the timeline's zero. */
  readonly failureAt: number;
  /** When the last decision or move finished (epoch ms). */
  readonly doneAt: number;
  readonly addresses: readonly AddressCheck[];
  /** Route entries checked in moto (scenarios with overlay routes); undefined when the scenario has none. */
  readonly routes?: readonly RouteCheck[];
  /** Outcome per address as the handler (or the agent) reported it: "moved", "skipped", ... */
  readonly outcomes: readonly string[];
  /** Handler invocations that threw or reported an error outcome. */
  readonly handlerErrors: number;
  /** Whether the scenario's expectation was met, and why not when it was not. */
  readonly verdict: { readonly ok: boolean; readonly why: string };
  readonly entries: readonly TimelineEntry[];
  /** What the decisions queue's invocations spent (az-outage); undefined when not counted. */
  readonly invocations?: InvocationStats;
}

/** Lambda invocations of the decisions queue: how many, the most at once, their summed duration. */
export interface InvocationStats {
  readonly invocations: number;
  readonly peakConcurrent: number;
  readonly invocationMs: number;
  readonly deadLettered: number;
}
