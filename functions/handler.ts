// The deployed Lambda entry points (serverless.yml: functions/handler.handler and .sweep): a thin middy stack over
// the one assembly (controller.ts). The environment is read once, and the clients, logger, metrics and
// cluster-document cache are created once per container, at cold start; a bad setting stops the cold start,
// naming the variable.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { createEc2Client } from "../core/index.ts";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./constants.ts";
import { createController } from "./controller.ts";
import type { BatchResponse } from "./queue/consumer.ts";
import { sqsRequeue } from "./queue/requeue.ts";
import type { SelfCheckReport } from "./self-check/self-check.ts";
import { readSettings } from "./settings.ts";
import type { SweepReport } from "./sweep/sweep.ts";
import type { FailoverReport } from "./types.ts";

const settings = readSettings(process.env);
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
const controller = createController(settings, {
  ec2: createEc2Client({}),
  // Retries are ours (deadline-bounded), as for EC2.
  ssm: new SSMClient({ maxAttempts: 1 }),
  events: new EventBridgeClient({}),
  cloudwatch: new CloudWatchClient({ maxAttempts: 1 }),
  requeue: sqsRequeue(new SQSClient({}), settings.decisionsQueueUrl),
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
});

/**
 * The deployed handler: a batch from the decisions queue (the event source mapping) in, the records to retry
 * out; an event invoked directly (an operator's dry-run drill) in, its FailoverReport out; a direct invocation
 * of exactly `{"eip-failover": "self-check", "cluster": NAME}`, a SelfCheckReport.
 */
export const handler = middy<unknown, FailoverReport | SelfCheckReport | BatchResponse, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(controller.handle);

/**
 * The sweep (serverless.yml: functions/handler.sweep): its schedule and cluster document changes in, a
 * SweepReport out. It reads the documents afresh each time: a change must reach the alarms now.
 */
export const sweep = middy<unknown, SweepReport, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(controller.sweep);
