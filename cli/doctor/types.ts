import type { InvalidCluster } from "../../functions/index.ts";
import type { SelfCheckReport } from "../../functions/self-check.ts";

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
}

/** What the doctor observed of one valid cluster document. Plain data: the checks are pure. */
export interface DoctorCluster {
  readonly name: string;
  readonly addresses: readonly DoctorAddress[];
  readonly members: readonly DoctorMember[];
  /** undefined when the controller was not asked (the stack was not looked at). */
  readonly selfCheck?: SelfCheckOutcome;
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
}

/** One check's verdict: what was checked, whether it holds, and the fix in one sentence when it does not. */
export interface CheckResult {
  /** The cluster checked; undefined for a check of the stack itself (rules, controller, queue). */
  readonly cluster?: string;
  readonly ok: boolean;
  readonly what: string;
  /** undefined when ok. */
  readonly fix?: string;
}
