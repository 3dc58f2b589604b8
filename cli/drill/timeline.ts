import type { NoticeDetail } from "../../functions/index.ts";
import type { BusEntry, LogEntry } from "../../sim/proxy.ts";
import type { Source, TimelineEntry } from "./types.ts";

/** A recorder the scenario and the handler's logger write to; `entries` is a copy in arrival order. */
export interface Recorder {
  add(source: Source, text: string): void;
  entries(): TimelineEntry[];
}

/**
 * A timeline recorder over an injectable clock.
 *
 * @example
 * const timeline = createRecorder();
 * timeline.add("drill", "StopInstances on node A: the failure");
 */
export function createRecorder(clock: () => number = Date.now): Recorder {
  const list: TimelineEntry[] = [];
  return {
    add: (source, text) => void list.push({ at: clock(), source, text }),
    entries: () => [...list],
  };
}

/** One proxy log entry as a timeline line: caller → action, and how EC2 (or the proxy) answered. */
export function callEntry(entry: LogEntry): TimelineEntry {
  const answer = entry.throttled
    ? "503 RequestLimitExceeded (throttled)"
    : entry.faulted
      ? `${entry.status} (injected fault)`
      : String(entry.status);
  return {
    at: entry.time,
    source: "aws",
    text: `${entry.client} → ${entry.action}${entry.mutating ? " (mutating)" : ""}: ${answer}`,
    call: {
      client: entry.client,
      action: entry.action,
      status: entry.status,
      throttled: entry.throttled,
      mutating: entry.mutating,
    },
  };
}

/** Decisions and calls in time order; equal times keep their given order (calls after decisions). */
export function mergeTimeline(
  decisions: readonly TimelineEntry[],
  calls: readonly LogEntry[],
): TimelineEntry[] {
  return [...decisions, ...calls.map(callEntry)]
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The handler's structured log line as text: message, then its fields as key=value. */
export function describeLog(message: string, extra: Record<string, unknown> = {}): string {
  const fields = Object.entries(extra)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return fields.length ? `${message} (${fields.join(", ")})` : message;
}

/** The phases a notice timed, as "lag 12 ms, move 40 ms" (the phases that ran, in order). */
function phases(timings: NoticeDetail["timings"] | undefined): string {
  const named: [string, number | undefined][] = [
    ["lag", timings?.eventLagMs],
    ["grace", timings?.graceMs || undefined],
    ["fence", timings?.fenceMs],
    ["move", timings?.moveMs],
    ["reconcile", timings?.reconcileMs],
  ];
  return named.flatMap(([name, ms]) => (ms === undefined ? [] : [`${name} ${ms} ms`])).join(", ");
}

/** A failover notice the sim's bus received, as one timeline line: its detail-type, summary and timings. */
export function noticeText(entry: BusEntry): string {
  const detail = entry.detail as Partial<NoticeDetail>;
  const timed = phases(detail.timings);
  return `${entry.detailType}: ${detail.summary ?? JSON.stringify(entry.detail)}${timed ? ` (${timed})` : ""}`;
}
