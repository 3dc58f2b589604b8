import type { ErrorReason } from "../core/index.ts";
import { ANSWERS } from "./judge.ts";
import type { AddressOutcome, AddressReport, PhaseTimings } from "./types.ts";

/** The `source` of every failover notice on the default event bus: rules match on it. */
export const NOTICE_SOURCE = "eip-failover";

/**
 * The one table of notices: the detail-type of each decision that is not "nothing to do". Outcomes absent here
 * send none: skipped and waiting (nothing done yet), planned (a dry run moves nothing; its log has the plan).
 */
export const DETAIL_TYPES = {
  moved: "EIP Failover Moved",
  "no-standby": "EIP Failover No Standby",
  "fencing-failed": "EIP Failover Fencing Failed",
  conflict: "EIP Failover Conflict",
  error: "EIP Failover Error",
} as const satisfies Partial<Record<AddressOutcome["outcome"], string>>;

/** An outcome that sends a notice. */
export type NoticeOutcome = keyof typeof DETAIL_TYPES;
export type DetailType = (typeof DETAIL_TYPES)[NoticeOutcome];

/** A notice's `detail`, as a rule, an e-mail or a queue receives it. Undefined fields are left out of the JSON. */
export interface NoticeDetail {
  /** One line for a person: what happened to which address, where. */
  readonly summary: string;
  readonly outcome: NoticeOutcome;
  readonly cluster: string;
  readonly allocationId: string;
  /** Undefined when the decision ended before the address was looked at. */
  readonly publicIp?: string;
  /** The instance holding the address when the controller looked; undefined when nobody held it. */
  readonly from?: string;
  /** The standby chosen; undefined when none was (no standby, or the decision ended before choosing). */
  readonly to?: string;
  /** Why it did not move (no standby, fencing failed, error); undefined when it moved. */
  readonly reason?: string;
  /** Who holds the address instead (conflict only). */
  readonly holder?: string;
  /** Core's machine-readable reason (error only: `throttled`, `permission`, …). */
  readonly errorReason?: string;
  /** Error only: true when the error may pass and the decision is retried (another notice follows). */
  readonly retrying?: boolean;
  /** The Run Command that told Pacemaker on the new holder (moved with reconciliation only). */
  readonly commandId?: string;
  readonly timings: PhaseTimings;
}

/** One notice: its detail-type and detail. */
export interface Notice {
  readonly detailType: DetailType;
  readonly detail: NoticeDetail;
}

const isNoticeOutcome = (outcome: string): outcome is NoticeOutcome => outcome in DETAIL_TYPES;

/** What each outcome adds to the notice, and its one-line wording. */
function specifics(result: AddressOutcome, address: string, from: string, to: string) {
  switch (result.outcome) {
    case "moved":
      return {
        fields: result.commandId ? { commandId: result.commandId } : {},
        says: `moved ${address} from ${from} to ${to}`,
      };
    case "no-standby":
      return { fields: { reason: result.reason }, says: `could not move ${address} off ${from}: no standby` };
    case "fencing-failed":
      return {
        fields: { reason: result.reason },
        says: `did not move ${address} off ${from}: fencing failed`,
      };
    case "conflict":
      return {
        fields: { holder: result.holder },
        says: `did not move ${address}: ${result.holder} took it after the controller looked`,
      };
    case "error": {
      // judge.ts's one table says whether the state machine retries it
      const retrying = ANSWERS[result.errorReason as ErrorReason]?.retry ?? false;
      return {
        fields: { reason: result.reason, errorReason: result.errorReason, retrying },
        says: `failed to move ${address} (${result.errorReason})${retrying ? "; retrying" : ""}`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * The notice for one address's decision, or undefined when there was nothing to do. Pure.
 *
 * @example
 * noticeOf({ cluster: "web", allocationId, from: "i-a", to: "i-b", timings, result: { outcome: "moved", from: "i-a", to: "i-b" } })
 * // { detailType: "EIP Failover Moved", detail: { summary: "web: moved eipalloc-… from i-a to i-b", … } }
 */
export function noticeOf(report: AddressReport): Notice | undefined {
  const { result } = report;
  if (!isNoticeOutcome(result.outcome)) return undefined;
  const address = report.publicIp ? `${report.allocationId} (${report.publicIp})` : report.allocationId;
  const told = specifics(result, address, report.from ?? "nobody", report.to ?? "nobody");
  if (!told) return undefined;
  return {
    detailType: DETAIL_TYPES[result.outcome],
    detail: {
      summary: `${report.cluster}: ${told.says}`,
      outcome: result.outcome,
      cluster: report.cluster,
      allocationId: report.allocationId,
      ...(report.publicIp === undefined ? {} : { publicIp: report.publicIp }),
      ...(report.from === undefined ? {} : { from: report.from }),
      ...(report.to === undefined ? {} : { to: report.to }),
      ...told.fields,
      timings: report.timings,
    },
  };
}
