import type { NoticeDetail, NoticeTrigger, PhaseTimings } from "../../functions/index.ts";
import type { Failover, FailoverItem, HistoryNotice, TimelineStep } from "./types.ts";

/** An address's or a route's name in a timeline. Pure. */
function itemOf(detail: NoticeDetail): string {
  if ("destination" in detail) return `route ${detail.destination} (${detail.routeTableIds.join(", ")})`;
  return detail.publicIp ? `${detail.allocationId} (${detail.publicIp})` : detail.allocationId;
}

/**
 * Which failover a notice belongs to: its cluster and the failure it answered (the failed instance and AWS's time of
 * the failure), so one set's address and routes, a retried error and its move, and every sweep's notice about one
 * paused failure fall together. A notice that names no failure (an older controller's) stands alone.
 */
function failoverKey(n: HistoryNotice): string {
  const t = n.detail.trigger;
  return t
    ? `${n.detail.cluster}|${t.instanceId}|${t.failedAt}`
    : `${n.detail.cluster}|${n.at}|${itemOf(n.detail)}`;
}

const sum = (t: PhaseTimings) =>
  t.graceMs + t.eventLagMs + (t.fenceMs ?? 0) + (t.moveMs ?? 0) + (t.reconcileMs ?? 0) + (t.startMs ?? 0);

function triggerText(t: NoticeTrigger): string {
  const what = t.cause === "alarm" ? `status alarm ${t.detail}` : `EC2 state ${t.detail}`;
  return `${t.instanceId} failed: ${what} (decided by the ${t.by === "event" ? "event path" : "sweep"})`;
}

/** One item from its notices, oldest first (at least one). */
function itemFrom(notices: readonly HistoryNotice[]): FailoverItem {
  const last = notices[notices.length - 1] as HistoryNotice;
  const { detail } = last;
  return {
    what: itemOf(detail),
    outcome: detail.outcome,
    summary: detail.summary,
    notices: notices.length,
    before: notices.slice(0, -1).map((n) => n.detail.outcome),
    timings: detail.timings,
    ...(detail.plan ? { plan: detail.plan } : {}),
  };
}

/**
 * The timeline of one failover from its items' last timings: the failure, the grace window, the wait for the
 * deciding invocation (EventBridge, the queue), the fence, each item's move, the reconcile, the fenced member's
 * start ("reboot"), the outcome. Phases that did not run are left out. Pure.
 */
export function timelineOf(
  failedAt: number,
  endedAt: number,
  trigger: NoticeTrigger | undefined,
  items: readonly FailoverItem[],
): TimelineStep[] {
  const first = items[0]?.timings ?? { eventLagMs: 0, graceMs: 0 };
  const steps: TimelineStep[] = [
    {
      phase: "trigger",
      at: failedAt,
      text: trigger ? triggerText(trigger) : "failure (not named by the notice)",
    },
  ];
  let at = failedAt;
  const add = (phase: TimelineStep["phase"], ms: number | undefined, text: string) => {
    if (ms === undefined) return;
    steps.push({ phase, at, ms, text });
    at += ms;
  };
  add("grace", first.graceMs, first.graceMs ? "the grace window, held before acting" : "no grace window");
  add("wait", first.eventLagMs, "from the failure (less the window) to the deciding invocation");
  add("fence", first.fenceMs, "the failed member fenced");
  const moves = items.filter((i) => i.timings.moveMs !== undefined);
  if (moves.length)
    add(
      "move",
      Math.max(...moves.map((i) => i.timings.moveMs ?? 0)),
      moves.map((i) => `${i.what} ${i.timings.moveMs} ms`).join("; "),
    );
  add("reconcile", first.reconcileMs, "Pacemaker told where the set now is (Run Command)");
  add("start", first.startMs, "the fenced member started again");
  const repeats = items.filter((i) => i.notices > 1);
  const note = repeats.length ? ` (${repeats.map((i) => `${i.what}: ${i.notices} notices`).join("; ")})` : "";
  steps.push({ phase: "outcome", at: endedAt, text: `${items.map((i) => i.summary).join("; ")}${note}` });
  return steps;
}

/**
 * Every failover in `notices` (any order), oldest failure first: the notices grouped by cluster and failure, each
 * address and route by its last notice, each with its timeline. Pure.
 *
 * @example
 * failoversOf(notices).map((f) => f.outcomes) // [["moved"], ["paused"]]
 */
export function failoversOf(notices: readonly HistoryNotice[]): Failover[] {
  const groups = new Map<string, HistoryNotice[]>();
  for (const n of [...notices].sort((a, b) => a.at - b.at)) {
    const key = failoverKey(n);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const failovers = [...groups.values()].map((group): Failover => {
    const byItem = new Map<string, HistoryNotice[]>();
    for (const n of group) byItem.set(itemOf(n.detail), [...(byItem.get(itemOf(n.detail)) ?? []), n]);
    const items = [...byItem.values()].map(itemFrom);
    const last = group[group.length - 1] as HistoryNotice;
    const { trigger } = last.detail;
    const endedAt = last.at;
    const failedAt = trigger ? Date.parse(trigger.failedAt) : endedAt - sum(last.detail.timings);
    const from = group.find((n) => n.detail.from)?.detail.from;
    const to = [...group].reverse().find((n) => n.detail.to)?.detail.to;
    return {
      cluster: last.detail.cluster,
      ...(trigger ? { trigger } : {}),
      failedAt,
      endedAt,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      outcomes: [...new Set(items.map((i) => i.outcome))],
      items,
      timeline: timelineOf(failedAt, endedAt, trigger, items),
    };
  });
  return failovers.sort((a, b) => a.failedAt - b.failedAt || a.endedAt - b.endedAt);
}
