// The Lambda entry point: a thin middy stack over createFailover. Clients, logger, metrics and the
// cluster-document cache are created once per container, at cold start.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { SSMClient } from "@aws-sdk/client-ssm";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { createEc2Client } from "../core/index.ts";
import { clusterCache, readClusters } from "./config.ts";
import {
  CONFIG_CACHE_SECONDS,
  DEFAULT_CONFIG_PREFIX,
  GRACE_POLL_MS,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from "./constants.ts";
import { createFailover } from "./handler.ts";
import { flagFrom } from "./settings.ts";
import type { Deps, FailoverReport } from "./types.ts";

export { createFailover } from "./handler.ts";
export type { FailoverReport } from "./types.ts";

const env = process.env;
/** A numeric setting from the environment; 0 is a valid value, garbage falls back to the default. */
const numberFrom = (value: string | undefined, fallback: number) =>
  value !== undefined && value !== "" && Number.isFinite(Number(value)) ? Number(value) : fallback;
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
// Retries are ours (deadline-bounded), as for EC2.
const ssm = new SSMClient({ maxAttempts: 1 });
const deps: Deps = {
  ec2: createEc2Client({}),
  ssm,
  log: {
    debug: (m, extra) => logger.debug(m, extra ?? {}),
    info: (m, extra) => logger.info(m, extra ?? {}),
    warn: (m, extra) => logger.warn(m, extra ?? {}),
    error: (m, extra) => logger.error(m, extra ?? {}),
  },
  metrics: {
    addMetric: (name, unit, value) =>
      metrics.addMetric(name, unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds, value),
  },
  clock: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  dryRun: flagFrom("DRY_RUN", env.DRY_RUN),
  gracePollMs: numberFrom(env.GRACE_POLL_MS, GRACE_POLL_MS),
};
const prefix = env.CONFIG_PREFIX || DEFAULT_CONFIG_PREFIX;
const clusters = clusterCache(
  (deadline) => readClusters(ssm, prefix, deadline),
  numberFrom(env.CONFIG_CACHE_SECONDS, CONFIG_CACHE_SECONDS) * 1000,
);

/** The deployed handler: EventBridge events in, a FailoverReport out. */
export const handler = middy<unknown, FailoverReport, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createFailover(deps, clusters));
