import { PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { Deadline } from "../../core/index.ts";
import { MetricNames } from "../constants.ts";
import { messageOf } from "../judge.ts";
import type { Deps, ItemReport } from "../types.ts";
import { type DecisionTrigger, NOTICE_SOURCE, type Notice, noticeOf } from "./notice.ts";

/** PutEvents takes at most this many entries per call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
/** Notices go to the account's default bus, the only one the controller's IAM lets it put on. */
export const NOTICE_BUS = "default";

/** The PutEvents entries for some notices, stamped `at` (epoch ms). Pure. */
export function entriesOf(notices: readonly Notice[], at: number): PutEventsRequestEntry[] {
  return notices.map((n) => ({
    EventBusName: NOTICE_BUS,
    Source: NOTICE_SOURCE,
    DetailType: n.detailType,
    Detail: JSON.stringify(n.detail),
    Time: new Date(at),
  }));
}

/**
 * Puts entries on EventBridge, at most {@link PUT_EVENTS_MAX_ENTRIES} per call. Never throws: returns one line
 * per entry EventBridge did not take (its error code, or why the call failed), so that a notice that could
 * not be sent never turns a decision into a failure.
 */
export async function putEntries(
  events: NonNullable<Deps["events"]>,
  entries: readonly PutEventsRequestEntry[],
  signal: AbortSignal,
): Promise<string[]> {
  const failed: string[] = [];
  for (let i = 0; i < entries.length; i += PUT_EVENTS_MAX_ENTRIES) {
    const batch = entries.slice(i, i + PUT_EVENTS_MAX_ENTRIES);
    try {
      const out = await events.send(new PutEventsCommand({ Entries: batch }), { abortSignal: signal });
      (out.Entries ?? []).forEach((answer, j) => {
        if (answer.ErrorCode)
          failed.push(`${batch[j]?.DetailType}: ${answer.ErrorCode} ${answer.ErrorMessage ?? ""}`.trim());
      });
    } catch (error) {
      for (const entry of batch) failed.push(`${entry.DetailType}: ${messageOf(error)}`);
    }
  }
  return failed;
}

/**
 * Sends the notice of every decision in `reports` that is not "nothing to do" (see notice.ts), each naming
 * `trigger`, the failure decided about. A notice that cannot be sent is logged and counted (metric
 * NoticesFailed), never thrown: the decision stands.
 */
export async function announce(
  deps: Deps,
  reports: readonly ItemReport[],
  deadline: Deadline,
  trigger?: DecisionTrigger,
): Promise<void> {
  const notices = reports.flatMap((r) => noticeOf(r, trigger) ?? []);
  if (!deps.events || notices.length === 0) return;
  const signal = AbortSignal.timeout(Math.max(1, deadline.remaining()));
  const failed = await putEntries(deps.events, entriesOf(notices, deps.clock()), signal);
  if (failed.length === 0) return;
  deps.metrics.addMetric(MetricNames.noticesFailed, "Count", failed.length);
  deps.log.error("failover notices not sent: the decisions stand", { failed });
}
