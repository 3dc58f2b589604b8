// The deployed Lambda entry point (serverless.yml: functions/handler.handler): a thin middy stack over
// createFailover. The environment is read once, and the clients, logger, metrics and cluster-document cache
// are created once per container, at cold start; a bad setting stops the cold start, naming the variable.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { SSMClient } from "@aws-sdk/client-ssm";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { createEc2Client } from "../core/index.ts";
import { clusterCache, readClusters } from "./config.ts";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./constants.ts";
import { createFailover } from "./failover.ts";
import { createSelfCheck, type SelfCheckReport, withSelfCheck } from "./self-check.ts";
import { readSettings } from "./settings.ts";
import type { Deps, FailoverReport } from "./types.ts";

const settings = readSettings(process.env);
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
  dryRun: settings.dryRun,
};
const clusters = clusterCache(
  (deadline) => readClusters(ssm, settings.configPrefix, deadline),
  settings.configCacheMs,
);

/**
 * The deployed handler: EventBridge events in, a FailoverReport out; a direct invocation of exactly
 * `{"eip-failover": "self-check", "cluster": NAME}` gets a SelfCheckReport instead.
 */
export const handler = middy<unknown, FailoverReport | SelfCheckReport, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(withSelfCheck(createSelfCheck(deps, settings.configPrefix), createFailover(deps, clusters)));
