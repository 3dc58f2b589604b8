// The controller's public face. The deployed entry point is `failover.ts` (`handler`); everything else is
// plain logic over injected clients, for tests and the drill.

export {
  type Cluster,
  ClusterSchema,
  type FencingMode,
  type InvalidCluster,
  parseCluster,
} from "./cluster-schema.ts";
export { type ClusterConfig, clusterCache, readClusters } from "./config.ts";
export { FAILED_STATES, MetricNames } from "./constants.ts";
export {
  clustersOf,
  type Failure,
  firstLook,
  memberTarget,
  needsFencing,
  stillFailed,
} from "./decide.ts";
export { parseTrigger, type Trigger } from "./events.ts";
export { createFailover, type LambdaContextLike, RetryableFailover } from "./handler.ts";
export type { AddressOutcome, AddressReport, Deps, FailoverReport, Log, MetricSink } from "./types.ts";
