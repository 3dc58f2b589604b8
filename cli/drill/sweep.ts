import { createController, type SweepReport } from "../../functions/index.ts";
import type { Region } from "../../sim/region.ts";
import { lambdaContext } from "../harness/index.ts";
import { drillClients, drillSettings, type LogSink } from "./controller.ts";

/** One minute: what the deployed sweep function has per invocation (serverless.yml `timeout`). */
export const SWEEP_TIMEOUT_MS = 60_000;

export interface DrillSweep {
  /** One invocation of the sweep function with this event (its schedule's, or a Parameter Store change). */
  invoke(event: unknown): Promise<SweepReport>;
}

/**
 * The real sweep, from the one assembly (functions/ `createController`) as the deployed sweep function is: a
 * container of its own on the drill's clients (`drillClients`: EC2 paced to its share of the one budget, SSM and
 * CloudWatch through the proxy as client "lambda", failover notices onto the sim's bus), the documents read
 * afresh on every invocation, alarms under the default stage's prefix, its log lines fed to `sink`. `clock`
 * (default Date.now) is the controller's: a test moves it past a grace window instead of waiting.
 *
 * @example
 * const sweep = createDrillSweep(region, sink, { dryRun: false });
 * const rule = startSchedule({ ruleName: "sweep", periodMs: 5_000, target: sweep.invoke });
 */
export function createDrillSweep(
  region: Region,
  sink: LogSink,
  options: { readonly dryRun: boolean; readonly clock?: () => number },
): DrillSweep {
  const clock = options.clock ?? Date.now;
  const { sweep } = createController(
    drillSettings({ dryRun: options.dryRun }),
    drillClients(region, sink, { clock }),
  );
  return { invoke: (event) => sweep(event, lambdaContext(SWEEP_TIMEOUT_MS, clock)) };
}
