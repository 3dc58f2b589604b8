import { randomUUID } from "node:crypto";
import { REGION } from "./constants.ts";
import { SIM_ACCOUNT } from "./events.ts";

/** EventBridge's envelope time: ISO-8601 to the second, as AWS sends it. */
const eventTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** EventBridge's "Scheduled Event", as a schedule rule delivers it to its target. */
export interface ScheduledEvent {
  version: "0";
  id: string;
  "detail-type": "Scheduled Event";
  source: "aws.events";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, never>;
}

/** EventBridge's "Parameter Store Change", as SSM sends it when a parameter is created, updated or deleted. */
export interface ParameterStoreChangeEvent {
  version: "0";
  id: string;
  "detail-type": "Parameter Store Change";
  source: "aws.ssm";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: { operation: "Create" | "Update" | "Delete"; name: string; type: "String"; description: string };
}

/** A real-shaped scheduled event of the rule `ruleName`. */
export function scheduledEvent(input: { ruleName: string; time?: number }): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: SIM_ACCOUNT,
    time: eventTime(input.time ?? Date.now()),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${SIM_ACCOUNT}:rule/${input.ruleName}`],
    detail: {},
  };
}

/**
 * A real-shaped Parameter Store change of the parameter `name`.
 *
 * @example
 * await sweep(parameterStoreChange({ name: "/eip-failover/clusters/web", operation: "Update" }), context);
 */
export function parameterStoreChange(input: {
  name: string;
  operation: ParameterStoreChangeEvent["detail"]["operation"];
  time?: number;
}): ParameterStoreChangeEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Parameter Store Change",
    source: "aws.ssm",
    account: SIM_ACCOUNT,
    time: eventTime(input.time ?? Date.now()),
    region: REGION,
    resources: [`arn:aws:ssm:${REGION}:${SIM_ACCOUNT}:parameter${input.name}`],
    detail: { operation: input.operation, name: input.name, type: "String", description: "" },
  };
}

/** A schedule rule firing in this process. */
export interface Schedule {
  /** Firings so far. */
  fired(): number;
  /** Stops firing and waits for the targets still running. */
  stop(): Promise<void>;
}

/**
 * What moto lacks: an EventBridge schedule rule (`rate(…)`) that hands its target a Scheduled Event every
 * `periodMs`, the first one period after the start. As on AWS, a firing does not wait for the previous target
 * to finish; a target that throws is counted and otherwise ignored (the next firing comes anyway).
 *
 * @example
 * const rule = startSchedule({ ruleName: "sweep", periodMs: 60_000, target: (e) => sweep(e, context) });
 * await rule.stop();
 */
export function startSchedule(options: {
  readonly ruleName: string;
  readonly periodMs: number;
  readonly target: (event: ScheduledEvent) => Promise<unknown>;
  /** Epoch ms for the events' time (default Date.now). */
  readonly clock?: () => number;
}): Schedule {
  const clock = options.clock ?? Date.now;
  const running = new Set<Promise<unknown>>();
  let count = 0;
  const timer = setInterval(() => {
    count++;
    const run = options
      .target(scheduledEvent({ ruleName: options.ruleName, time: clock() }))
      .catch(() => undefined)
      .finally(() => running.delete(run));
    running.add(run);
  }, options.periodMs);
  return {
    fired: () => count,
    async stop() {
      clearInterval(timer);
      await Promise.all([...running]);
    },
  };
}
