import type { ErrorReason } from "../../core/index.ts";
import { ANSWERS } from "../judge.ts";
import { isRouteReport } from "../report/trace.ts";
import type {
  AddressOutcome,
  Failure,
  ItemReport,
  PhaseTimings,
  Restart,
  RouteTableReport,
} from "../types.ts";

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
  paused: "EIP Failover Paused",
} as const satisfies Partial<Record<AddressOutcome["outcome"], string>>;

/** An outcome that sends a notice. */
export type NoticeOutcome = keyof typeof DETAIL_TYPES;
export type DetailType = (typeof DETAIL_TYPES)[NoticeOutcome];

/** Which path decided, and about which failure: the event path (an EventBridge event, queued) or the sweep. */
export interface DecisionTrigger {
  readonly by: "event" | "sweep";
  readonly failure: Pick<Failure, "instanceId" | "cause" | "detail" | "at">;
}

/**
 * A notice's `trigger`: the failure the decision answered, so a reader (`eip-failover history`) can start each
 * failover's timeline at AWS's own time of the failure and group the notices of one set.
 */
export interface NoticeTrigger {
  readonly by: DecisionTrigger["by"];
  readonly instanceId: string;
  readonly cause: Failure["cause"];
  /** The state entered (state-change) or the alarm's name, as the event or the sweep saw it. */
  readonly detail: string;
  /** AWS's time of the failure, ISO: the grace window counted from here. */
  readonly failedAt: string;
}

/** The notice's form of a {@link DecisionTrigger}. Pure. */
export function noticeTriggerOf({ by, failure }: DecisionTrigger): NoticeTrigger {
  const { instanceId, cause, detail, at } = failure;
  return { by, instanceId, cause, detail, failedAt: new Date(at).toISOString() };
}

/** What every notice's `detail` says, an address's or a route's. Undefined fields are left out of the JSON. */
interface NoticeBase {
  /** One line for a person: what happened to which address or route, where. */
  readonly summary: string;
  readonly outcome: NoticeOutcome;
  readonly cluster: string;
  /** The instance holding the address (or routed to) when the controller looked; undefined when nobody was. */
  readonly from?: string;
  /** The standby chosen; undefined when none was (no standby, or the decision ended before choosing). */
  readonly to?: string;
  /** Why it did not move (no standby, fencing failed, error); undefined when it moved. */
  readonly reason?: string;
  /** Who holds the address instead; for a route, each table someone else changed and where it now sends it (conflict only). */
  readonly holder?: string;
  /** Core's machine-readable reason (error only: `throttled`, `permission`, …). */
  readonly errorReason?: string;
  /** Error only: true when the error may pass and the decision is retried (another notice follows). */
  readonly retrying?: boolean;
  /** What the controller would have done, as the dry run words it (paused only: nothing of it was done). */
  readonly plan?: readonly string[];
  /** When the cluster was paused, ISO (paused only). */
  readonly pausedSince?: string;
  /** The Run Command that told Pacemaker on the new holder (moved with reconciliation only). */
  readonly commandId?: string;
  /** Fencing "reboot": the fenced member's start after the move (moved only). */
  readonly restart?: Restart;
  /** The failure decided about; undefined only when the caller named none (tests of one notice). */
  readonly trigger?: NoticeTrigger;
  readonly timings: PhaseTimings;
}

/** An address's notice `detail`. */
export interface AddressNoticeDetail extends NoticeBase {
  readonly allocationId: string;
  /** Undefined when the decision ended before the address was looked at. */
  readonly publicIp?: string;
}

/** A route's notice `detail`: the destination and its tables instead of an allocation id. */
export interface RouteNoticeDetail extends NoticeBase {
  readonly destination: string;
  readonly routeTableIds: readonly string[];
  /** Table by table, as found and as moved; undefined when the decision ended before the tables were read. */
  readonly tables?: readonly RouteTableReport[];
}

/** A notice's `detail`, as a rule, an e-mail or a queue receives it: an address's or a route's (`destination`). */
export type NoticeDetail = AddressNoticeDetail | RouteNoticeDetail;

/** One notice: its detail-type and detail. */
export interface Notice {
  readonly detailType: DetailType;
  readonly detail: NoticeDetail;
}

/** An outcome worth a notice. */
type NoticeResult = Extract<AddressOutcome, { readonly outcome: NoticeOutcome }>;
const isNoticeResult = (result: AddressOutcome): result is NoticeResult => result.outcome in DETAIL_TYPES;

/** What a moved notice adds about the fenced member's start ("reboot"); nothing without one. */
function restartSays(restart: Restart | undefined): string {
  if (!restart) return "";
  return "failed" in restart
    ? `; ${restart.instanceId} was not started again (${restart.failed}): it stays stopped`
    : `; started ${restart.instanceId} again (${restart.state}): it rejoins as the standby`;
}

/** What each outcome adds to the notice, and its one-line wording. */
function specifics(result: NoticeResult, address: string, from: string, route: boolean) {
  switch (result.outcome) {
    case "moved":
      return {
        fields: {
          ...(result.commandId ? { commandId: result.commandId } : {}),
          ...(result.restart ? { restart: result.restart } : {}),
        },
        says: `moved ${address} from ${from} to ${result.to}${restartSays(result.restart)}`,
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
        says: route
          ? `did not move ${address} where someone else changed it after the controller looked (${result.holder})`
          : `did not move ${address}: ${result.holder} took it after the controller looked`,
      };
    case "paused":
      return {
        fields: { plan: result.plan, pausedSince: result.since },
        says: `paused since ${result.since}: did not move ${address} off ${from} (would have: ${result.plan.join("; ")})`,
      };
    case "error": {
      // judge.ts's one table says whether the decisions queue retries it
      const retrying = ANSWERS[result.errorReason as ErrorReason]?.retry ?? false;
      return {
        fields: { reason: result.reason, errorReason: result.errorReason, retrying },
        says: `failed to move ${address} (${result.errorReason})${retrying ? "; retrying" : ""}`,
      };
    }
  }
}

/**
 * The notice for one address's or route's decision, or undefined when there was nothing to do. Pure. A route
 * is named `route 192.168.100.10/32 (rtb-…, rtb-…)` in the summary.
 *
 * @example
 * noticeOf({ cluster: "web", allocationId, from: "i-a", to: "i-b", timings, result: { outcome: "moved", from: "i-a", to: "i-b" } })
 * // { detailType: "EIP Failover Moved", detail: { summary: "web: moved eipalloc-… from i-a to i-b", … } }
 */
export function noticeOf(report: ItemReport, trigger?: DecisionTrigger): Notice | undefined {
  const { result } = report;
  if (!isNoticeResult(result)) return undefined;
  const route = isRouteReport(report);
  const what = route
    ? `route ${report.destination} (${report.routeTableIds.join(", ")})`
    : report.publicIp
      ? `${report.allocationId} (${report.publicIp})`
      : report.allocationId;
  const told = specifics(result, what, report.from ?? "nobody", route);
  const item = route
    ? {
        destination: report.destination,
        routeTableIds: report.routeTableIds,
        ...(report.tables === undefined ? {} : { tables: report.tables }),
      }
    : {
        allocationId: report.allocationId,
        ...(report.publicIp === undefined ? {} : { publicIp: report.publicIp }),
      };
  return {
    detailType: DETAIL_TYPES[result.outcome],
    detail: {
      summary: `${report.cluster}: ${told.says}`,
      outcome: result.outcome,
      cluster: report.cluster,
      ...item,
      ...(report.from === undefined ? {} : { from: report.from }),
      ...(report.to === undefined ? {} : { to: report.to }),
      ...told.fields,
      ...(trigger ? { trigger: noticeTriggerOf(trigger) } : {}),
      timings: report.timings,
    },
  };
}
