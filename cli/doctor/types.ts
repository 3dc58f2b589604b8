import type { InvalidCluster } from "../../functions/index.ts";

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
}

/** What the doctor observed of one valid cluster document. Plain data: the checks are pure. */
export interface DoctorCluster {
  readonly name: string;
  readonly addresses: readonly DoctorAddress[];
  readonly members: readonly DoctorMember[];
}

/** Everything the checks look at: the valid clusters and the documents that did not validate. */
export interface DoctorObservation {
  readonly clusters: readonly DoctorCluster[];
  readonly invalid: readonly InvalidCluster[];
}

/** One check's verdict: what was checked, whether it holds, and the fix in one sentence when it does not. */
export interface CheckResult {
  readonly cluster: string;
  readonly ok: boolean;
  readonly what: string;
  /** undefined when ok. */
  readonly fix?: string;
}
