import type { FencingMode, InvalidCluster } from "../../functions/index.ts";
import type { SelfCheckReport } from "../../functions/self-check/self-check.ts";
import type { Pause } from "../paused.ts";
import type { ListedTable } from "../route-tables.ts";
import type { CheckId, Unread } from "./check-ids.ts";

/** The controller's self-check of one cluster: its answer, or why it could not be asked (an invoke error). */
export type SelfCheckOutcome = { readonly report: SelfCheckReport } | { readonly error: string };

/** Tags as EC2 lists them, as a plain record. */
export type Tags = Readonly<Record<string, string>>;

/** One address a document names, as EC2 describes it; undefined fields: EC2 does not know it. */
export interface DoctorAddress {
  readonly allocationId: string;
  readonly exists: boolean;
  readonly publicIp?: string;
  readonly domain?: string;
  readonly tags: Tags;
}

/** One member, as EC2 describes it: its tags, its metadata options, and its network interfaces' tags. */
export interface DoctorMember {
  readonly instanceId: string;
  readonly exists: boolean;
  readonly tags: Tags;
  /** "required" means IMDSv2 only; undefined when EC2 did not say. */
  readonly httpTokens?: string;
  readonly hopLimit?: number;
  readonly interfaces: readonly { readonly networkInterfaceId: string; readonly tags: Tags }[];
  /** The instance profile's ARN; undefined when the instance has none. */
  readonly instanceProfileArn?: string;
  /** The interface the document names for it (the routes' target); undefined when the document names none. */
  readonly routedInterface?: DoctorInterface;
  /** MaintenanceOptions.AutoRecovery ("default" or "disabled"); undefined when EC2 did not say. */
  readonly autoRecovery?: string;
  /** The CloudWatch alarms that recover it (a `recover` action); undefined when they were not looked for. */
  readonly recoverAlarms?: readonly string[];
}

/** A network interface a document names, as EC2 describes it. */
export interface DoctorInterface {
  readonly networkInterfaceId: string;
  readonly exists: boolean;
  /** The instance it is attached to; undefined when it is detached or does not exist. */
  readonly attachedTo?: string;
  /** EC2's source/destination check; undefined when EC2 did not say. */
  readonly sourceDestCheck?: boolean;
}

/** One overlay route a document lists: each listed table's view, and the CIDRs of the tables' VPCs. */
export interface DoctorRoute {
  /** Canonical (`192.168.100.10/32`, `fd00:ec2::10/128`), as the document stores it. */
  readonly destination: string;
  readonly tables: readonly ListedTable[];
  /** Every IPv4 and IPv6 CIDR of each VPC a listed table belongs to; empty when no listed table exists. */
  readonly vpcs: readonly { readonly vpcId: string; readonly cidrs: readonly string[] }[];
}

/** What the doctor observed of one valid cluster document. Plain data: the checks are pure. */
export interface DoctorCluster {
  readonly name: string;
  /** The document's fencing; undefined in an observation that does not say (then no recovery line). */
  readonly fencing?: FencingMode;
  readonly addresses: readonly DoctorAddress[];
  readonly members: readonly DoctorMember[];
  /** The overlay routes it lists; undefined or empty when it lists none. */
  readonly routes?: readonly DoctorRoute[];
  /** undefined when the controller was not asked (the stack was not looked at). */
  readonly selfCheck?: SelfCheckOutcome;
  /** Set while the cluster is paused (`eip-failover pause`); undefined: the controller acts. */
  readonly paused?: Pause;
}

/** One alarm under the stack's status-alarm prefix, as CloudWatch describes it. */
export interface DoctorAlarm {
  readonly name: string;
  readonly namespace?: string;
  readonly metric?: string;
  /** The InstanceId dimension; undefined when the alarm has none. */
  readonly instanceId?: string;
}

/** What the doctor read of the stack's own resources. Plain data: the checks are pure. */
export interface StackObservation {
  readonly name: string;
  readonly alarmPrefix: string;
  readonly alarms: readonly DoctorAlarm[];
  /** Each rule the stack should have; `name` undefined: not in the stack; `state` undefined: not found. */
  readonly rules: readonly { readonly logicalId: string; readonly name?: string; readonly state?: string }[];
  /** The controller's function; `dryRun` is its DRY_RUN variable as set (undefined: unset). */
  readonly controller: { readonly exists: boolean; readonly name?: string; readonly dryRun?: string };
  /** `count` of messages and the oldest one's SentTimestamp (epoch ms) when any. */
  readonly deadLetters: {
    readonly exists: boolean;
    readonly url?: string;
    readonly count?: number;
    readonly oldestSentAt?: number;
  };
  /** The stack's CloudWatch dashboard: its name, and whether CloudWatch has it. */
  readonly dashboard: { readonly name: string; readonly exists: boolean };
  /** When it was observed (epoch ms), for ages. */
  readonly at: number;
  /** The stack's node instance profile names by logical id (NodeInstanceProfile<Name>). */
  readonly nodeProfiles: Readonly<Record<string, string>>;
}

/** Everything the checks look at: the valid clusters, the documents that did not validate, the stack. */
export interface DoctorObservation {
  readonly clusters: readonly DoctorCluster[];
  readonly invalid: readonly InvalidCluster[];
  /** undefined when the stack was not looked at (the checks of its resources are then left out). */
  readonly stack?: StackObservation;
  /** The reads that failed, with their reasons; undefined or empty: every read worked. */
  readonly unread?: Unread;
}

/**
 * One check's verdict: what was checked, whether it holds, and the fix in one sentence when it does not; or,
 * when a read it needs failed, `unknown` with the reason (then `ok` is false and there is no fix).
 */
export interface CheckResult {
  /** The kind of check, stable across versions (check-ids.ts). */
  readonly id: CheckId;
  /** The cluster checked; undefined for a check of the stack itself (rules, controller, queue). */
  readonly cluster?: string;
  /** The resource checked (allocation id, instance id, route table, rule…); undefined when the id says it all. */
  readonly subject?: string;
  readonly ok: boolean;
  readonly what: string;
  /** undefined when ok or unknown. */
  readonly fix?: string;
  /** Why it could not be checked (a read it needs failed); undefined when it was checked. */
  readonly unknown?: string;
}
