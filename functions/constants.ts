/** Defaults of the controller; each can be overridden by the environment variable named beside it. */
export const DEFAULT_CONFIG_PREFIX = "/eip-failover/clusters/"; // CONFIG_PREFIX
export const CONFIG_CACHE_SECONDS = 30; // CONFIG_CACHE_SECONDS
/** serverless.yml sets ALARM_PREFIX to `custom.alarmPrefix`; this is that prefix for the default stage. */
export const DEFAULT_ALARM_PREFIX = "eip-failover-dev-status-"; // ALARM_PREFIX
/** Time kept back from the Lambda's remaining time so the handler reports before it is killed. */
export const DEADLINE_MARGIN_MS = 1_500;
export const METRICS_NAMESPACE = "EipFailover";
export const SERVICE_NAME = "eip-failover";

/** Metric names, as dashboards and alarms will know them. */
export const MetricNames = {
  executed: "FailoverExecuted",
  skipped: "FailoverSkipped",
  conflict: "FailoverConflict",
  noStandby: "NoHealthyStandby",
  latency: "FailoverLatencyMs",
  /** Each phase of a decision that ran (PhaseTimings' fenceMs, moveMs, reconcileMs), in ms. */
  fenceLatency: "FenceLatencyMs",
  moveLatency: "MoveLatencyMs",
  reconcileLatency: "ReconcileLatencyMs",
  fencingFailed: "FencingFailed",
  /** A decision of a paused cluster (`eip-failover pause`): planned, not carried out. */
  paused: "FailoverPaused",
  /** EC2 calls EC2 throttled anyway (functions/pace.ts): the account's other tenants leave less than the share. */
  throttled: "Ec2CallsThrottled",
  /** Failover notices EventBridge did not take (functions/notices/put-notices.ts). */
  noticesFailed: "NoticesFailed",
} as const;

/**
 * The decisions queue as deployed (serverless.yml, functions/stack/decisions.yml; a template test keeps them
 * equal): at most `concurrency` invocations at once (the event source mapping's MaximumConcurrency, which
 * Lambda allows from 2), `batchSize` records each, a failed record visible again after `visibilitySeconds`
 * (the Lambda's timeout, the least SQS accepts) and dead-lettered after `maxReceives` attempts.
 */
export const DECISIONS_QUEUE = {
  concurrency: 2,
  // One record per invocation: each container spends only its share of EC2's refill, so a batch left for one
  // container while the other idles stretches a storm (500 route entries: 123.7 s in batches of 10, 99.7 s
  // in ones; bench/RESULTS.md, route storm).
  batchSize: 1,
  visibilitySeconds: 60,
  maxReceives: 3,
} as const;
