import { EMBEDDED_SOURCE, sourceText } from "../source.ts";
import type { DrillReport } from "./summary.ts";

/** Timelines longer than this are cut in the middle (az-outage prints milestones instead of every call). */
export const MAX_TIMELINE_LINES = 80;

const pad = (text: string, width: number) => text.padEnd(width);

/** One timeline line: "+   142 ms  handler  moved the address (…)". Times before the failure are negative. */
export function timelineLine(entry: DrillReport["timeline"][number]): string {
  const ms = Math.round(entry.ms);
  const sign = ms < 0 ? "-" : "+";
  return `${sign}${String(Math.abs(ms)).padStart(7)} ms  ${pad(entry.source, 7)}  ${entry.text}`;
}

function counts(record: Readonly<Record<string, number>>): string {
  const parts = Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`);
  return parts.length ? parts.join(", ") : "none";
}

/**
 * The human report: header, timeline (ms since the failure), summary and verdict.
 *
 * @example
 * process.stdout.write(renderReport(report));
 */
export function renderReport(report: DrillReport, maxLines: number = MAX_TIMELINE_LINES): string {
  const lines = [
    `eip-failover drill: ${report.scenario}${report.dryRun ? " (dry run)" : ""} on ${sourceText(EMBEDDED_SOURCE)}`,
    `expected: ${report.expectation}`,
    "",
    "timeline (ms since the failure)",
  ];
  const t = report.timeline;
  if (t.length <= maxLines) lines.push(...t.map(timelineLine));
  else {
    const head = Math.ceil(maxLines / 2);
    const tail = maxLines - head;
    lines.push(...t.slice(0, head).map(timelineLine));
    lines.push(`      … ${t.length - maxLines} more lines (--json has them all) …`);
    lines.push(...t.slice(t.length - tail).map(timelineLine));
  }
  const a = report.addresses;
  const r = report.routes;
  const perMove = report.calls.mutatingPerMove;
  lines.push(
    "",
    "summary",
    `  old holder       ${report.oldHolder}`,
    `  new holder       ${report.newHolder}`,
    `  seconds          ${report.seconds.toFixed(3)} (failure → last decision)`,
    `  addresses        ${a.total} total, ${a.moved} moved, ${a.lost} lost, ${a.onStopped} on a stopped instance`,
    ...(r
      ? [
          `  route entries    ${r.total} total, ${r.moved} moved, ${r.lost} lost, ${r.onStopped} on a stopped instance`,
        ]
      : []),
    `  outcomes         ${counts(report.outcomes)}`,
    `  handler errors   ${report.handlerErrors}`,
    `  AWS calls        ${report.calls.total} (${report.calls.mutating} mutating accepted, ${report.calls.throttled} throttled)`,
    `  by action        ${counts(report.calls.byAction)}`,
    `  mutating / move  ${perMove === undefined ? "n/a (nothing moved)" : perMove.toFixed(2)}`,
    "",
    `${report.ok ? "PASS" : "FAIL"}: ${report.verdict}`,
    "",
  );
  return lines.join("\n");
}
