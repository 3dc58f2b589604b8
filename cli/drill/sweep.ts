import { setTimeout as sleep } from "node:timers/promises";
import {
  createSweep,
  DEFAULT_ALARM_PREFIX,
  DEFAULT_CONFIG_PREFIX,
  readClusters,
  type SweepReport,
} from "../../functions/index.ts";
import type { Region } from "../../sim/region.ts";
import { lambdaContext } from "../harness/index.ts";
import { CONTROLLER_CLIENT, type LogSink, logTo } from "./controller.ts";

/** One minute: what the deployed sweep function has per invocation (serverless.yml `timeout`). */
export const SWEEP_TIMEOUT_MS = 60_000;

export interface DrillSweep {
  /** One invocation of the sweep function with this event (its schedule's, or a Parameter Store change). */
  invoke(event: unknown): Promise<SweepReport>;
}

/**
 * The real sweep (functions/sweep.ts createSweep) wired to the sim as the deployed sweep function is: EC2,
 * SSM and CloudWatch through the proxy as client "lambda", failover notices through the proxy onto the sim's
 * bus (as the event path's, `controllerDeps`), the documents read afresh on every invocation,
 * alarms under the default stage's prefix, its log lines fed to `sink`. `clock` (default Date.now) is the
 * controller's: a test moves it past a grace window instead of waiting.
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
  const ssm = region.ssm(CONTROLLER_CLIENT);
  const sweep = createSweep(
    {
      ec2: region.ec2(CONTROLLER_CLIENT),
      ssm,
      cloudwatch: region.cloudwatch(CONTROLLER_CLIENT),
      events: region.events(CONTROLLER_CLIENT),
      alarmPrefix: DEFAULT_ALARM_PREFIX,
      log: logTo(sink),
      metrics: { addMetric() {} },
      clock,
      sleep: (ms) => sleep(ms),
      dryRun: options.dryRun,
    },
    (deadline) => readClusters(ssm, DEFAULT_CONFIG_PREFIX, deadline),
  );
  return { invoke: (event) => sweep(event, lambdaContext(SWEEP_TIMEOUT_MS, clock)) };
}
