import type { Failover, TimelineStep } from "./types.ts";

/** What `history` found: the window it read, and each failover in it. */
export interface HistoryReport {
  /** The window's start and end (epoch ms). */
  readonly startTime: number;
  readonly endTime: number;
  /** --since as given. */
  readonly since: string;
  /** Only this cluster; undefined: every cluster. */
  readonly cluster?: string;
  readonly logGroup: string;
  readonly failovers: readonly Failover[];
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The time of day, UTC, to the millisecond: the timeline's column. */
const clock = (ms: number) => iso(ms).slice(11, 23);

function stepLine(step: TimelineStep): string {
  const ms = step.ms === undefined ? "" : `${step.ms} ms`;
  return `  ${clock(step.at)}  ${step.phase.padEnd(9)}  ${ms.padStart(9)}  ${step.text}`;
}

function failoverBlock(f: Failover): string {
  const move = f.from || f.to ? `  ${f.from ?? "nobody"} → ${f.to ?? "no standby"}` : "";
  return [
    `${f.cluster}  ${iso(f.failedAt)}  ${f.outcomes.join(", ")}${move}`,
    ...f.timeline.map(stepLine),
  ].join("\n");
}

/**
 * The human output after the `looked at:` line: how many failovers in the window, then each one's timeline, oldest
 * first. Pure.
 */
export function renderHistory(report: HistoryReport): string {
  const n = report.failovers.length;
  const whose = report.cluster ? ` of cluster ${report.cluster}` : "";
  const head = `${n === 0 ? "no failovers" : n === 1 ? "1 failover" : `${n} failovers`}${whose} since ${iso(report.startTime)} (${report.since}), from ${report.logGroup}`;
  return `${[head, ...report.failovers.map(failoverBlock)].join("\n\n")}\n`;
}

/** The JSON document's body (after `source`): the same, every time as ISO. Pure. */
export function historyJson(report: HistoryReport) {
  return {
    since: iso(report.startTime),
    until: iso(report.endTime),
    cluster: report.cluster ?? null,
    logGroup: report.logGroup,
    failovers: report.failovers.map((f) => ({
      ...f,
      failedAt: iso(f.failedAt),
      endedAt: iso(f.endedAt),
      timeline: f.timeline.map((s) => ({ ...s, at: iso(s.at) })),
    })),
  };
}
