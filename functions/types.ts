import type { EC2Client } from "@aws-sdk/client-ec2";
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
  readonly log: Log;
  readonly metrics: MetricSink;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly dryRun: boolean;
}

/** What happened to one address of one cluster. */
export type AddressOutcome =
  | { readonly outcome: "moved"; readonly from?: string; readonly to: string; readonly commandId?: string }
  | { readonly outcome: "skipped"; readonly reason: string }
  /** The grace window is still open: invoke again at `until` (epoch ms). */
  | { readonly outcome: "waiting"; readonly until: number; readonly reason: string }
  | { readonly outcome: "conflict"; readonly holder: string }
  | { readonly outcome: "no-standby"; readonly reason: string }
  | { readonly outcome: "planned"; readonly plan: readonly string[] }
  | { readonly outcome: "fencing-failed"; readonly reason: string }
  | {
      readonly outcome: "error";
      /** Core's error kind (or "unexpected"), as before reasons existed. */
      readonly kind: string;
      /** Core's machine-readable reason (`throttled`, `permission`, …), or "unexpected". */
      readonly errorReason: string;
      readonly reason: string;
    };

export interface AddressReport {
  readonly cluster: string;
  readonly allocationId: string;
  readonly result: AddressOutcome;
}

/** The handler's answer: what the event meant and what was done for each address. */
export interface FailoverReport {
  readonly trigger: "failure" | "ignored" | "malformed";
  readonly instanceId?: string;
  readonly reason?: string;
  readonly addresses: readonly AddressReport[];
  readonly invalidClusters: number;
  /**
   * Set when some address waits out a grace window: invoke again with the same event after this many
   * seconds (the queue's consumer sends it back with that delay). Undefined when the decision is complete.
   */
  readonly recheckInSeconds?: number;
}

export interface Invocation {
  readonly deadline: Deadline;
}
