// The one assembly of the controller (STYLE 16): what the Lambda entry (handler.ts), the drill, the CLI and the
// tests run is built here, from settings and clients; a harness passes other clients, never another wiring.
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { clusterCache, readClusters } from "./clusters/read.ts";
import { MetricNames } from "./constants.ts";
import { createFailover, type LambdaContextLike } from "./event/failover.ts";
import { controllerPace, type Ec2Pace, MAX_PACE_WAIT_MS, paceEc2 } from "./pace.ts";
import {
  type Answer,
  type BatchResponse,
  createQueueConsumer,
  isQueueBatch,
  type QueueRecord,
  type Requeue,
} from "./queue/consumer.ts";
import { createSelfCheck, type SelfCheckReport, withSelfCheck } from "./self-check/self-check.ts";
import type { Settings } from "./settings.ts";
import { createSweep, type SweepReport } from "./sweep/sweep.ts";
import type { Deps, FailoverReport, Log, MetricSink } from "./types.ts";

/**
 * The sweep's share of EC2's budget. It runs one at a time (on its schedule, one a minute, each done within its
 * minute, and on a cluster document's change), reads the fleet in a few batched describes and repairs only what
 * the events lost; the storms are the queue's. 5 %: a burst of one compare-and-swap (2 calls back to back, no gap),
 * then 0.25 mutating calls a second (a later repair in the same sweep waits 4 s between its two calls), and the
 * queue's containers keep 95 % between them, so a storm still ends within 1.1 × the bound of EC2's whole refill.
 */
export const SWEEP_SHARE = 0.05;

/**
 * One budget of EC2's documented buckets: the sweep's container takes {@link SWEEP_SHARE}, and the decisions
 * queue's containers (at most its MaximumConcurrency at once) split the rest evenly, so all of them together
 * never outrun EC2. Each container paces to its share ({@link controllerPace}); the pacer learns down from it when
 * the account's other tenants leave less.
 *
 * @example
 * paceShares({ decisionConcurrency: 2 }) // { queue: 0.475, sweep: 0.05 }
 */
export function paceShares(settings: Pick<Settings, "decisionConcurrency">): {
  readonly queue: number;
  readonly sweep: number;
} {
  return { queue: (1 - SWEEP_SHARE) / settings.decisionConcurrency, sweep: SWEEP_SHARE };
}

/** What a container talks to: AWS's clients (EC2 unpaced: the assembly paces it), the queue, logs and metrics. */
export interface ControllerClients {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  /** Where failover notices go; undefined: none are sent. */
  readonly events?: EventBridgeClient;
  readonly cloudwatch: CloudWatchClient;
  /**
   * Sends a decision that waits out a grace window back to the decisions queue; undefined for a container that
   * consumes no queue (a sweep's): a recheck then fails, and the queue retries the record.
   */
  readonly requeue?: Requeue;
  readonly log: Log;
  readonly metrics: MetricSink;
  /** The decisions' clock (a test moves it past a grace window); Date.now when undefined. */
  readonly clock?: () => number;
  /** How a paced call or a confirming read waits; setTimeout when undefined. */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** Sees each queue record's decision (the drill reads its reports there); undefined: nobody does. */
  readonly answered?: (record: QueueRecord, answer: Answer) => void;
}

/** One container's controller: the deployed entry points, and the parts they are made of. */
export interface Controller {
  /**
   * The decisions function's entry: a queue batch is consumed (the records to retry out); a direct invocation
   * is decided (its FailoverReport out), or self-checked when it is exactly the self-check's payload.
   */
  readonly handle: (
    event: unknown,
    context: LambdaContextLike,
  ) => Promise<FailoverReport | SelfCheckReport | BatchResponse>;
  /** The decisions queue's consumer. */
  readonly consume: ReturnType<typeof createQueueConsumer>;
  /** One event's decision, as a direct invocation gets it. */
  readonly failover: ReturnType<typeof createFailover>;
  /** The self-check of one named cluster. */
  readonly selfCheck: ReturnType<typeof createSelfCheck>;
  /** The sweep function's entry: its schedule and cluster document changes in, a SweepReport out. */
  readonly sweep: (event: unknown, context: LambdaContextLike) => Promise<SweepReport>;
  /** What the queue's parts share: its paced EC2 client among them (the sweep has its own share). */
  readonly deps: Deps;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const noQueue: Requeue = async () => {
  throw new Error("this container has no decisions queue: cannot send the recheck back");
};

/**
 * Builds one container's controller from its settings and clients: EC2 paced to the container's share of one
 * budget ({@link paceShares}), the cluster documents cached for `configCacheMs` on the event path and read
 * afresh by the sweep (a change must reach the alarms now), the queue's consumer, the self-check and the sweep.
 *
 * @example
 * const clients = { ec2, ssm, events, cloudwatch, requeue, log, metrics };
 * const controller = createController(readSettings(process.env), clients);
 * export const handler = middy().handler(controller.handle);
 */
export function createController(settings: Settings, clients: ControllerClients): Controller {
  const sleep = clients.sleep ?? wait;
  // Buckets refill in real time, as EC2's do, whatever clock the decisions read.
  // serverless.yml's two functions (the queue's, the sweep's) share this module, one entry per container: the first
  // entry a container serves fixes its share of the one budget; a call before any entry paces as the queue's.
  const shares = paceShares(settings);
  let served: Ec2Pace | undefined;
  const serve = (entry: keyof typeof shares) => {
    served ??= controllerPace(shares[entry]);
  };
  const deps: Deps = {
    ec2: paceEc2(
      clients.ec2,
      () => {
        serve("queue");
        return served as Ec2Pace;
      },
      sleep,
      MAX_PACE_WAIT_MS,
      () => clients.metrics.addMetric(MetricNames.throttled, "Count", 1),
    ),
    ssm: clients.ssm,
    ...(clients.events ? { events: clients.events } : {}),
    log: clients.log,
    metrics: clients.metrics,
    clock: clients.clock ?? Date.now,
    sleep,
    dryRun: settings.dryRun,
    lagBoundMs: settings.lagBoundMs,
  };
  const fresh = (deadline: Parameters<typeof readClusters>[2]) =>
    readClusters(clients.ssm, settings.configPrefix, deadline);
  const failover = createFailover(deps, clusterCache(fresh, settings.configCacheMs));
  const consume = createQueueConsumer(failover, clients.requeue ?? noQueue, deps.log, clients.answered);
  const selfCheck = createSelfCheck(deps, settings.configPrefix);
  const decide = withSelfCheck(selfCheck, failover);
  const sweep = createSweep(
    { ...deps, cloudwatch: clients.cloudwatch, alarmPrefix: settings.alarmPrefix },
    fresh,
  );
  return {
    handle: (event, context) => {
      serve("queue");
      return isQueueBatch(event) ? consume(event, context) : decide(event, context);
    },
    consume,
    failover,
    selfCheck,
    sweep: (event, context) => {
      serve("sweep");
      return sweep(event, context);
    },
    deps,
  };
}
