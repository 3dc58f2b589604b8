import { setTimeout as sleep } from "node:timers/promises";
import {
  type Answer,
  type Controller,
  type ControllerClients,
  createController,
  type Log,
  type Requeue,
  readSettings,
  type Settings,
} from "../../functions/index.ts";
import type { Region } from "../../sim/region.ts";
import { lambdaContext } from "../harness/index.ts";
import type { BusEvent, Delivered } from "./delivery.ts";
import { createQueueModel, type QueueStats } from "./queue.ts";
import type { DrillStack } from "./stack.ts";

/** What each drill invocation gets: the deployed Lambda's timeout (serverless.yml `provider.timeout`). */
export const LAMBDA_TIMEOUT_MS = 60_000;
/**
 * How long a drill container trusts its cluster documents. Deployed it is CONFIG_CACHE_SECONDS (30 s); the drill
 * keeps them for its whole run because the sim answers a 1000-document reread (100 GetParametersByPath pages)
 * far slower than SSM, and that read is not what the storm measures (EC2's buckets are).
 */
export const DRILL_CONFIG_CACHE_MS = 15 * 60_000;
/** The proxy log names the controller's calls by this access key id. */
export const CONTROLLER_CLIENT = "lambda";

export type LogSink = (level: keyof Log, message: string, extra?: Record<string, unknown>) => void;

/** The controller's Log writing to a drill sink. */
function logTo(sink: LogSink): Log {
  return {
    debug: (m, extra) => sink("debug", m, extra),
    info: (m, extra) => sink("info", m, extra),
    warn: (m, extra) => sink("warn", m, extra),
    error: (m, extra) => sink("error", m, extra),
  };
}

/** One event's answer: the last report about it, or what its last attempt threw before it was dead-lettered. */
export type Invocation = Answer;

export interface DrillController {
  /**
   * Puts one event on the bus, where the stack's rules route it to the decisions queue as EventBridge does; resolves
   * once it is decided, or with a {@link NotRouted} error when no rule of the stack sent it to the queue.
   */
  invoke(event: BusEvent): Promise<Invocation>;
  /** Sends a message body straight to the decisions queue, as `aws sqs send-message` or a redrive does. */
  enqueue(body: unknown): Promise<Invocation>;
  /** What the queue's invocations spent so far. */
  stats(): QueueStats;
  /** At most this many invocations at once: the drill's `--concurrency`, else the deployed mapping's. */
  readonly concurrency: number;
}

/** No rule of the deployed stack routes the event to its decisions queue: the deployed controller would never see it. */
export class NotRouted extends Error {
  override readonly name = "NotRouted";
}

/** The drill's options: a dry run or not, and the queue's shape when not as deployed. */
export interface DrillOptions {
  readonly dryRun: boolean;
  /** The deployed stack (stack.ts): its rules, its queue's shape. */
  readonly stack: DrillStack;
  readonly concurrency?: number;
  readonly batchSize?: number;
  /** The decisions' clock (a test moves it past a grace window); Date.now when undefined. */
  readonly clock?: () => number;
}

/**
 * The deployed settings (their defaults), as the drill runs them: a dry run or not, the containers' count (the
 * event source mapping's concurrency, which each divides EC2's refill by) and the drill's config cache.
 */
export function drillSettings(options: {
  readonly dryRun: boolean;
  readonly concurrency?: number;
}): Settings {
  const deployed = readSettings({});
  return {
    ...deployed,
    dryRun: options.dryRun,
    decisionConcurrency: options.concurrency ?? deployed.decisionConcurrency,
    configCacheMs: DRILL_CONFIG_CACHE_MS,
  };
}

/**
 * One container's clients on the sim, as a warm container holds them: EC2, SSM and CloudWatch through the proxy
 * as client "lambda", failover notices through the proxy onto the sim's bus (region.proxy.bus, as the deployed
 * controller's onto the default bus), its log lines fed to `sink`, metrics dropped.
 */
export function drillClients(
  region: Region,
  sink: LogSink,
  more: Partial<ControllerClients> = {},
): ControllerClients {
  return {
    ec2: region.ec2(CONTROLLER_CLIENT),
    ssm: region.ssm(CONTROLLER_CLIENT),
    events: region.events(CONTROLLER_CLIENT),
    cloudwatch: region.cloudwatch(CONTROLLER_CLIENT),
    log: logTo(sink),
    metrics: { addMetric() {} },
    sleep: (ms) => sleep(ms),
    ...more,
  };
}

/**
 * One container's handler, invoked directly as `aws lambda invoke` does: no stack, no queue. The self-check's
 * payload goes this way.
 */
export function directHandler(region: Region, sink: LogSink): (event: unknown) => Promise<unknown> {
  const container = createController(drillSettings({ dryRun: false }), drillClients(region, sink));
  return (event) => container.handle(event, lambdaContext(LAMBDA_TIMEOUT_MS));
}

/**
 * The real controller (functions/ `createController`, as the Lambda entry builds it) behind the decisions
 * queue as deployed: at most `concurrency` containers, each with its own paced EC2 client (its share of the
 * one budget of EC2's refill), its own cluster-document cache and a 60 s context per batch; a decision inside
 * a grace window goes back to the queue with that delay.
 */
export function createDrillController(region: Region, sink: LogSink, options: DrillOptions): DrillController {
  const settings = drillSettings({
    dryRun: options.dryRun,
    concurrency: options.concurrency ?? options.stack.queue.concurrency,
  });
  const context = () => lambdaContext(LAMBDA_TIMEOUT_MS, options.clock);
  // Which event a message is about, its last answer, and whether it went back to wait.
  const origin = new Map<string, string>();
  const last = new Map<string, Invocation>();
  const requeued = new Set<string>();
  const waiting = new Map<string, (invocation: Invocation) => void>();

  const requeue: Requeue = async ({ record, delaySeconds, rechecks }) => {
    const id = queue.send(record.body, { delayMs: delaySeconds * 1000, rechecks });
    origin.set(id, origin.get(record.messageId) ?? record.messageId);
    requeued.add(record.messageId);
  };
  const containers = Array.from({ length: settings.decisionConcurrency }, () =>
    createController(
      settings,
      drillClients(region, sink, {
        requeue,
        answered: (record, answer) => last.set(record.messageId, answer),
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    ),
  );
  const deployed = options.stack.queue;
  const queue = createQueueModel({
    maxReceives: deployed.maxReceives,
    visibilityMs: deployed.visibilitySeconds * 1000,
    concurrency: settings.decisionConcurrency,
    batchSize: options.batchSize ?? deployed.batchSize,
    invoke: (slot, batch) => (containers[slot] as Controller).consume(batch, context()),
    settled: (id, how) => {
      const event = origin.get(id) ?? id;
      if (how === "deleted" && requeued.has(id)) return;
      const answer = last.get(id) ?? { error: new Error(`message ${id} was ${how} without an answer`) };
      waiting.get(event)?.(answer);
      waiting.delete(event);
    },
  });
  const enqueue = (body: string) =>
    new Promise<Invocation>((resolve) => {
      const id = queue.send(body);
      waiting.set(id, resolve);
    });
  return {
    async invoke(event) {
      let delivered: Delivered | undefined;
      try {
        delivered = await options.stack.deliver(event);
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)) };
      }
      if (delivered) return enqueue(delivered.body);
      const what = `${event.source} ${event["detail-type"]} ${JSON.stringify(event.detail)}`;
      return {
        error: new NotRouted(
          `no rule of stack ${options.stack.name} routes this event to its decisions queue: ${what}`,
        ),
      };
    },
    enqueue: (body) => enqueue(JSON.stringify(body)),
    stats: () => queue.stats(),
    concurrency: settings.decisionConcurrency,
  };
}
