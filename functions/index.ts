// The controller's public face. The deployed entry points are `handler.ts` (`handler` and `sweep`, named by
// serverless.yml), built by `createController` (controller.ts), which the drill, the CLI and the tests call
// too; everything else here is plain logic over injected clients.

export { type AlarmDeps, type AlarmReport, listAlarms, syncAlarms } from "./alarm-sync.ts";
export { type AlarmPlan, alarmFor, planAlarms } from "./alarms.ts";
export {
  type Cluster,
  ClusterSchema,
  type FencingMode,
  type InvalidCluster,
  parseCluster,
} from "./cluster-schema.ts";
export { type ClusterConfig, clusterCache, readClusters } from "./config.ts";
export { DECISIONS_QUEUE, DEFAULT_ALARM_PREFIX, DEFAULT_CONFIG_PREFIX, MetricNames } from "./constants.ts";
export {
  type Controller,
  type ControllerClients,
  createController,
  paceShares,
  SWEEP_CONTAINERS,
} from "./controller.ts";
export {
  clustersOf,
  type Failure,
  firstLook,
  needsFencing,
  stillFailed,
} from "./decide.ts";
export { parseTrigger, type Trigger } from "./events.ts";
export { createFailover, type LambdaContextLike, RetryableFailover, recheckInSeconds } from "./failover.ts";
export { observeFleet, transitionTime } from "./fleet.ts";
export { type Judgement, judge } from "./judge.ts";
export {
  type AddressNoticeDetail,
  DETAIL_TYPES,
  type DetailType,
  NOTICE_SOURCE,
  type Notice,
  type NoticeDetail,
  noticeOf,
  type RouteNoticeDetail,
} from "./notices.ts";
export {
  CONTROLLER_BUCKETS,
  controllerPace,
  type Ec2Pace,
  MAX_PACE_WAIT_MS,
  paceEc2,
} from "./pace.ts";
export {
  describePlan,
  describeStep,
  type ItemStep,
  type MoveInput,
  planMove,
  planSet,
  type SetInput,
  type Step,
  scriptOf,
  stepsOf,
} from "./plan.ts";
export {
  type Answer,
  type BatchResponse,
  createQueueConsumer,
  isQueueBatch,
  type QueueBatch,
  type QueueRecord,
  RECHECKS_ATTRIBUTE,
  type Requeue,
  rechecksOf,
} from "./queue.ts";
export { untilDecided } from "./recheck.ts";
export { type FailedMember, heldBy, type RouteLook, routeFirstLook, tablesToMove } from "./route-look.ts";
export { type RouteMove, routeOutcome, tablesAfter, tablesSeen } from "./route-outcome.ts";
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
export { type ItemAction, type SetTiming, whenSetMoves } from "./set-timing.ts";
export { flagFrom, numberFrom, readSettings, type Settings } from "./settings.ts";
export { createSweep, type SweepDeps, type SweepReport, type SweepTrigger, sweepTrigger } from "./sweep.ts";
export { type FleetView, failureOf, planSweep, type SweepPlan, type SweepTarget } from "./sweep-plan.ts";
export { isRouteReport } from "./trace.ts";
export type {
  AddressOutcome,
  AddressReport,
  Deps,
  FailoverReport,
  ItemReport,
  Log,
  MetricSink,
  PhaseTimings,
  RouteReport,
  RouteTableReport,
} from "./types.ts";
