import { execFile } from "node:child_process";
import { join } from "node:path";
import type { DrillReport } from "../../../../cli/drill/summary.ts";

const ROOT = join(import.meta.dirname, "../../../..");

export interface DrillRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The --json report, when stdout held one. */
  readonly report: DrillReport | undefined;
}

/** Runs the drill as a person would (`tsx cli/drill/main.ts …`), from the repository root. */
export function runDrillCli(args: readonly string[]): Promise<DrillRun> {
  return new Promise((resolve) => {
    execFile(
      join(ROOT, "node_modules/.bin/tsx"),
      ["cli/drill/main.ts", ...args],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        let report: DrillReport | undefined;
        try {
          report = args.includes("--json") ? (JSON.parse(stdout) as DrillReport) : undefined;
        } catch {
          report = undefined;
        }
        resolve({ code, stdout, stderr, report });
      },
    );
  });
}

/** The calls one client made, by action, from the report's timeline. */
export function actionsOf(report: DrillReport, client: string): string[] {
  return report.timeline
    .filter((e) => e.source === "aws" && e.text.startsWith(`${client} → `))
    .map((e) => e.text.slice(client.length + 3).split(/[ :]/)[0] ?? "");
}
