import type { DrillReport } from "../../../../cli/drill/summary.ts";
import { type CliRun, jsonOf, runCli } from "../run-cli.ts";

export interface DrillRun extends CliRun {
  /** The --json report, when stdout held one. */
  readonly report: DrillReport | undefined;
}

/** Runs `eip-failover drill …` (what `npm start` runs) from the repository root. */
export async function runDrillCli(args: readonly string[]): Promise<DrillRun> {
  const run = await runCli(["drill", ...args]);
  return { ...run, report: args.includes("--json") ? jsonOf<DrillReport>(run) : undefined };
}

/** The calls one client made, by action, from the report's timeline. */
export function actionsOf(report: DrillReport, client: string): string[] {
  return report.timeline
    .filter((e) => e.source === "aws" && e.text.startsWith(`${client} → `))
    .map((e) => e.text.slice(client.length + 3).split(/[ :]/)[0] ?? "");
}
