import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { LogEntry } from "../../sim/request-log.ts";
import { movesIn } from "./measure.ts";
import { pacemakerSettings, settingsOf } from "./settings.ts";

/** One scenario's line in bench/results/e2e.md. */
export interface ScenarioLine {
  readonly scenario: string;
  readonly seconds: number;
  readonly ec2Calls: number;
  readonly mutating: number;
  /** Associations that changed the holder. */
  readonly moves: number;
  /** Milliseconds the EIP pointed nowhere. */
  readonly unassociatedMs: number;
  readonly endHolder: string;
  readonly note: string;
}

export const lines: ScenarioLine[] = [];

/**
 * EC2 calls, mutating ones that took effect, moves and unassociated milliseconds in the proxy log since
 * `t0`, when `heldBy` ("nodeA") held the EIP at t0.
 */
export function callsSince(log: readonly LogEntry[], t0: number, heldBy: string | null) {
  const after = log.filter((e) => e.time >= t0 && e.service === "ec2");
  const { moves, unassociatedMs } = movesIn(log, t0, Date.now(), heldBy);
  return {
    ec2Calls: after.length,
    mutating: after.filter((e) => e.mutating && e.status < 300 && !e.faulted).length,
    moves,
    unassociatedMs,
  };
}

export function record(line: ScenarioLine): void {
  lines.push(line);
  console.log(
    `e2e ${line.scenario}: ${line.seconds.toFixed(2)} s, ${line.ec2Calls} EC2 calls (${line.mutating} mutating), ${line.moves} moves, ${line.unassociatedMs} ms unassociated, EIP on ${line.endHolder}; ${line.note}`,
  );
}

/** One line naming the settings the suite ran with (Deploy step 6, or the copy E2E_PACEMAKER names). */
function settingsLine(): string {
  const settings = [...settingsOf(pacemakerSettings().lines)];
  const source = process.env.E2E_PACEMAKER ? basename(process.env.E2E_PACEMAKER) : "Deploy step 6";
  const words = settings.filter(([k]) => !k.startsWith("op ")).map(([k, v]) => `${k}=${v}`);
  const monitor = settings.find(([k]) => k === "op monitor interval")?.[1] ?? "?";
  return `${source}: ${words.join(" ")}, monitor ${monitor}`;
}

/**
 * Writes the table one e2e file measured, with the command that produced it, to bench/results/`name`.md
 * (suffixed with the E2E_PACEMAKER copy's name when the suite ran on other settings).
 */
export function writeSummary(name: string, command: string): void {
  if (lines.length === 0) return;
  const dir = join(import.meta.dirname, "../../bench/results");
  mkdirSync(dir, { recursive: true });
  const rows = lines.map(
    (l) =>
      `| ${l.scenario.replace(/\|/g, "\\|")} | ${l.seconds.toFixed(2)} | ${l.ec2Calls} | ${l.mutating} | ${l.moves} | ${l.unassociatedMs} | ${l.endHolder} | ${l.note} |`,
  );
  const suffix = process.env.E2E_PACEMAKER ? `-${basename(process.env.E2E_PACEMAKER, ".md")}` : "";
  writeFileSync(
    join(dir, `${name}${suffix}.md`),
    `# End to end under real Pacemaker + Corosync: ${name}

Command: \`${process.env.E2E_PACEMAKER ? `E2E_PACEMAKER=${process.env.E2E_PACEMAKER} ` : ""}${command}\` (${new Date().toISOString().slice(0, 10)}, Pacemaker 2.1 / Corosync 3.1 from Debian; ${settingsLine()}).
Seconds are from the trigger to the association seen in moto (or to the settled state the note names); EC2
calls, moves and the time the EIP pointed nowhere come from the sim proxy's log over the scenario.

| scenario | seconds | EC2 calls | mutating | moves | unassociated ms | EIP ends on | note |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |
${rows.join("\n")}

Totals: ${lines.length} scenarios, ${lines.reduce((n, l) => n + l.ec2Calls, 0)} EC2 calls, ${lines.reduce((n, l) => n + l.mutating, 0)} mutating, ${lines.reduce((n, l) => n + l.moves, 0)} moves, ${lines.reduce((n, l) => n + l.unassociatedMs, 0)} ms unassociated.
`,
  );
}
