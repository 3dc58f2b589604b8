import type { SweepReport } from "../../../functions/index.ts";
import { createDrillSweep, type DrillSweep } from "../sweep.ts";
import type { ScenarioRun } from "../types.ts";
import {
  type ClassicJudgement,
  countErrors,
  handlerSink,
  type ScenarioContext,
  singleAddressRun,
} from "./common.ts";

/** The real sweep with its log lines on the timeline as "handler" entries, as the controller's are. */
export function timelineSweep(ctx: ScenarioContext): DrillSweep {
  return createDrillSweep(ctx.region, handlerSink(ctx), { dryRun: ctx.options.dryRun });
}

/** The per-address outcomes one sweep reported. */
export function sweepOutcomes(report: SweepReport | undefined): string[] {
  return (report?.addresses ?? []).map((a) => a.result.outcome);
}

/** A scenario run judged by sweeps over the one classic address. */
export function sweepRun(
  ctx: ScenarioContext,
  run: ClassicJudgement & { readonly reports: readonly SweepReport[] },
): ScenarioRun {
  const { reports, ...judgement } = run;
  return singleAddressRun(ctx, judgement, {
    outcomes: reports.flatMap(sweepOutcomes),
    handlerErrors: reports.reduce((n, r) => n + countErrors(r), 0),
  });
}
