import { DETAIL_TYPES, NOTICE_SOURCE, type NoticeDetail } from "../../functions/index.ts";
import type { HistoryNotice } from "./types.ts";

/** One log event of the history group, as FilterLogEvents answers it. */
export interface LogEvent {
  readonly timestamp?: number;
  readonly message?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Whether `detail` has what a timeline needs of a notice (functions/notices/notice.ts writes it). */
function isNoticeDetail(detail: unknown): detail is NoticeDetail {
  if (!isObject(detail) || !isObject(detail.timings)) return false;
  const item = typeof detail.allocationId === "string" || typeof detail.destination === "string";
  return (
    item &&
    typeof detail.cluster === "string" &&
    typeof detail.summary === "string" &&
    typeof detail.outcome === "string" &&
    detail.outcome in DETAIL_TYPES
  );
}

/**
 * The failover notice in one log event of the history: the EventBridge event the rule delivered, whole. Undefined
 * for anything else the group may hold (another source, a detail this version cannot read). Pure.
 *
 * @example
 * noticeOfLogEvent({ timestamp: 1, message: '{"source":"eip-failover","detail":{…}}' }) // { at: 1, detail: {…} }
 */
export function noticeOfLogEvent(event: LogEvent): HistoryNotice | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.message ?? "");
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.source !== NOTICE_SOURCE || !isNoticeDetail(parsed.detail))
    return undefined;
  // CloudWatch Logs stamps the event with EventBridge's time; moto's stamp has a fraction of a millisecond
  const at = Math.round(event.timestamp ?? Date.parse(String(parsed.time)));
  return Number.isFinite(at) ? { at, detail: parsed.detail } : undefined;
}
