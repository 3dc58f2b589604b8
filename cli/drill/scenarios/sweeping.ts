import type { SweepReport } from "../../../functions/index.ts";
import { createDrillSweep, type DrillSweep } from "../sweep.ts";
import { describeLog } from "../timeline.ts";
import type { AddressCheck, ScenarioRun } from "../types.ts";
import { classicEntries, countErrors, type ScenarioContext } from "./common.ts";

/** The real sweep with its log lines on the timeline as "handler" entries, as the controller's are. */
export function timelineSweep(ctx: ScenarioContext): DrillSweep {
  return createDrillSweep(
    ctx.region,
    (level, message, extra) =>
      ctx.recorder.add("handler", `${level === "info" ? "" : `${level}: `}${describeLog(message, extra)}`),
    { dryRun: ctx.options.dryRun },
  );
}

/** The per-address outcomes one sweep reported. */
export function sweepOutcomes(report: SweepReport | undefined): string[] {
  return (report?.addresses ?? []).map((a) => a.result.outcome);
}

/** A scenario run judged by sweeps over the one classic address. */
export function sweepRun(
  ctx: ScenarioContext,
  run: {
    expectation: string;
    failureAt: number;
    doneAt: number;
    check: AddressCheck;
    reports: readonly SweepReport[];
    verdict: ScenarioRun["verdict"];
  },
): ScenarioRun {
  return {
    expectation: run.expectation,
    failureAt: run.failureAt,
    doneAt: run.doneAt,
    addresses: [run.check],
    outcomes: run.reports.flatMap(sweepOutcomes),
    handlerErrors: run.reports.reduce((n, r) => n + countErrors(r), 0),
    verdict: run.verdict,
    entries: classicEntries(ctx),
  };
}
