// The controller's public face. The deployed entry point is `handler.ts` (`handler`, named by
// serverless.yml); everything here is plain logic over injected clients, for tests and the drill.

export {
  type Cluster,
  ClusterSchema,
  type FencingMode,
  type InvalidCluster,
  parseCluster,
} from "./cluster-schema.ts";
export { type ClusterConfig, clusterCache, readClusters } from "./config.ts";
export { DEFAULT_CONFIG_PREFIX, MetricNames } from "./constants.ts";
export {
  clustersOf,
  type Failure,
  firstLook,
  needsFencing,
  stillFailed,
} from "./decide.ts";
export { parseTrigger, type Trigger } from "./events.ts";
export { createFailover, type LambdaContextLike, RetryableFailover, recheckInSeconds } from "./failover.ts";
export { type Judgement, judge } from "./judge.ts";
export { describePlan, describeStep, type MoveInput, planMove, type Step } from "./plan.ts";
export { untilDecided } from "./recheck.ts";
export {
  createSelfCheck,
  READ_ALLOWED,
  SELF_CHECK_KEY,
  SELF_CHECK_VALUE,
  type SelfCheckItem,
  type SelfCheckReport,
  selfCheckOf,
  withSelfCheck,
} from "./self-check.ts";
export { flagFrom, numberFrom, readSettings, type Settings } from "./settings.ts";
export type { AddressOutcome, AddressReport, Deps, FailoverReport, Log, MetricSink } from "./types.ts";
