// The stack a drill runs against: the one `sls package` writes, deployed into the embedded region (embedded.ts).
// The drill reads from it what the deployed controller gets from it: which events its rules route to the decisions
// queue, the queue's visibility timeout and receive count, the event source mapping's batch size and concurrency,
// and the status alarms' names. Nothing here is a copy of serverless.yml's numbers.
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { simConfig } from "../../sim/clients.ts";
import { REGION } from "../../sim/constants.ts";
import type { Region } from "../../sim/region.ts";
import { accountOfArn } from "../source.ts";
import { DEFAULT_STACK } from "../stack/constants.ts";
import { discoverStack } from "../stack/discover.ts";
import { createDelivery, type Deliver } from "./delivery.ts";

/** The decisions queue and its event source mapping, as deployed. */
export interface QueueShape {
  /** The mapping's ScalingConfig.MaximumConcurrency: invocations at once. */
  readonly concurrency: number;
  readonly batchSize: number;
  readonly visibilitySeconds: number;
  /** The queue's RedrivePolicy.maxReceiveCount. */
  readonly maxReceives: number;
}

export interface DrillStack {
  readonly name: string;
  /** The status alarms' name prefix; the alarm of member I is this followed by I. */
  readonly alarmPrefix: string;
  /** Where the cluster documents live (the stack's output ConfigPrefix, ends with "/"). */
  readonly configPrefix: string;
  readonly queue: QueueShape;
  /** EventBridge with the stack's rules, in front of its decisions queue. */
  readonly deliver: Deliver;
  /** Closes the clients' sockets. */
  destroy(): void;
}

const positive = (value: unknown, what: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`the deployed stack's ${what} is '${String(value)}'`);
  return n;
};

/**
 * The deployed stack `name` in `region` (straight to moto: the drill's infrastructure, not an actor under test, so
 * none of it is in the proxy's log).
 *
 * @throws when the stack, its decisions queue or their event source mapping is missing.
 * @example
 * const stack = await drillStackOf(region); // after deployEmbeddedStack(region)
 * stack.queue.maxReceives // 3, the queue's RedrivePolicy
 */
export async function drillStackOf(region: Region, name: string = DEFAULT_STACK): Promise<DrillStack> {
  const config = simConfig(region.moto.endpoint);
  const cloudformation = new CloudFormationClient(config);
  const lambda = new LambdaClient(config);
  // One attempt each: a retried PutEvents would put its events twice, and a retried receive whose first answer was
  // lost would find the queue empty and call routed events unrouted. A failure is an answer of its own.
  const events = new EventBridgeClient({ ...config, maxAttempts: 1 });
  const sqs = new SQSClient({ ...config, useQueueUrlAsEndpoint: false, maxAttempts: 1 });
  const destroy = () => {
    for (const c of [cloudformation, lambda, events, sqs]) c.destroy();
  };
  try {
    const found = await discoverStack(cloudformation, name, REGION);
    const queueUrl = found.decisionsQueueUrl;
    if (!queueUrl) throw new Error(`stack ${name} has no decisions queue`);
    const attributes =
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ["QueueArn", "VisibilityTimeout", "RedrivePolicy"],
          }),
        )
      ).Attributes ?? {};
    const queueArn = attributes.QueueArn;
    const account = accountOfArn(queueArn);
    if (!queueArn || !account) throw new Error(`stack ${name}: its decisions queue has no ARN (${queueUrl})`);
    const mappings = (await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn })))
      .EventSourceMappings;
    const mapping = mappings?.[0];
    if (!mapping) throw new Error(`stack ${name}: no event source mapping takes ${queueArn}`);
    const redrive = JSON.parse(attributes.RedrivePolicy ?? "{}") as { maxReceiveCount?: unknown };
    const queue: QueueShape = {
      concurrency: positive(mapping.ScalingConfig?.MaximumConcurrency, "MaximumConcurrency"),
      batchSize: positive(mapping.BatchSize, "BatchSize"),
      visibilitySeconds: positive(attributes.VisibilityTimeout, "VisibilityTimeout"),
      maxReceives: positive(redrive.maxReceiveCount, "maxReceiveCount"),
    };
    return {
      name,
      alarmPrefix: found.alarmPrefix,
      configPrefix: found.configPrefix,
      queue,
      deliver: createDelivery({ events, sqs, queueUrl, account }),
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
