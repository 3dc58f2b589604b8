import { setTimeout as sleep } from "node:timers/promises";
import {
  clusterCache,
  createFailover,
  DEFAULT_CONFIG_PREFIX,
  type Deps,
  type FailoverReport,
  type Log,
  readClusters,
  untilDecided,
} from "../../functions/index.ts";
import type { Region } from "../../sim/region.ts";
import { lambdaContext } from "../harness/index.ts";

/**
 * What each drill invocation gets: Lambda's longest timeout (15 min). The deployed function has 60 s since the
 * grace window moved into a Step Functions Wait; the drill's storms keep the longer one until issue 14's storm
 * remodel (one invocation per event, paced) measures the deployed shape.
 */
export const LAMBDA_TIMEOUT_MS = 15 * 60_000;
/** The proxy log names the controller's calls by this access key id. */
export const CONTROLLER_CLIENT = "lambda";

export type LogSink = (level: keyof Log, message: string, extra?: Record<string, unknown>) => void;

/** One invocation's answer: the handler's report, or what it threw (Lambda would retry that). */
export type Invocation = { readonly report: FailoverReport } | { readonly error: unknown };

export interface DrillController {
  invoke(event: unknown): Promise<Invocation>;
}

/**
 * The controller's dependencies on the sim, as a warm container holds them: EC2 and SSM through the proxy as
 * client "lambda", its log lines fed to `sink`, metrics dropped.
 */
export function controllerDeps(region: Region, sink: LogSink, options: { dryRun: boolean }): Deps {
  return {
    ec2: region.ec2(CONTROLLER_CLIENT),
    ssm: region.ssm(CONTROLLER_CLIENT),
    log: {
      debug: (m, extra) => sink("debug", m, extra),
      info: (m, extra) => sink("info", m, extra),
      warn: (m, extra) => sink("warn", m, extra),
      error: (m, extra) => sink("error", m, extra),
    },
    metrics: { addMetric() {} },
    clock: Date.now,
    sleep: (ms) => sleep(ms),
    dryRun: options.dryRun,
  };
}

/**
 * The real controller (functions/failover.ts createFailover) wired to the sim as a warm Lambda container:
 * EC2 and SSM through the proxy as client "lambda", cluster documents from the sim's Parameter Store under
 * the default prefix (read once and cached, as one container does), its log lines fed to `sink`.
 */
export function createDrillController(
  region: Region,
  sink: LogSink,
  options: { dryRun: boolean },
): DrillController {
  const deps = controllerDeps(region, sink, options);
  const clusters = clusterCache(
    (deadline) => readClusters(deps.ssm, DEFAULT_CONFIG_PREFIX, deadline),
    LAMBDA_TIMEOUT_MS,
  );
  const failover = createFailover(deps, clusters);
  // As the deployed state machine does: a grace window is waited out between invocations, not inside one.
  return {
    invoke: (event) =>
      untilDecided(
        (e) => failover(e, lambdaContext(LAMBDA_TIMEOUT_MS)),
        event,
        (ms) => sleep(ms),
      ).then(
        (reports) => ({ report: reports.at(-1) as FailoverReport }),
        (error: unknown) => ({ error }),
      ),
  };
}
