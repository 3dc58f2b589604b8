// The controller's public face. The deployed entry points are `handler.ts` (`handler` and `sweep`, named by
// serverless.yml), built by `createController` (controller.ts), which the drill, the CLI and the tests call
// too; everything else here is plain logic over injected clients.

export { type AlarmPlan, alarmFor, planAlarms } from "./alarms/alarm-plan.ts";
export { type AlarmDeps, type AlarmReport, listAlarms, syncAlarms } from "./alarms/alarm-sync.ts";
export { type ClusterConfig, clusterCache, readClusters } from "./clusters/read.ts";
export {
  type Cluster,
  ClusterSchema,
  type FencingMode,
  type InvalidCluster,
  parseCluster,
} from "./clusters/schema.ts";
export { DECISIONS_QUEUE, DEFAULT_ALARM_PREFIX, DEFAULT_CONFIG_PREFIX, MetricNames } from "./constants.ts";
export {
  type Controller,
  type ControllerClients,
  createController,
  paceShares,
  SWEEP_SHARE,
} from "./controller.ts";
export { type ItemAction, type SetTiming, whenSetMoves } from "./decide/set-timing.ts";
export { stillFailed } from "./decide/still-failed.ts";
export {
  clustersOf,
  createFailover,
  type LambdaContextLike,
  RetryableFailover,
  recheckInSeconds,
} from "./event/failover.ts";
export { parseTrigger, type Trigger } from "./event/trigger.ts";
export { type RouteMove, routeOutcome, tablesAfter, tablesSeen } from "./execute/route-outcome.ts";
export { type Judgement, judge } from "./judge.ts";
export { type FirstLook, firstLook } from "./look/address-look.ts";
export {
  type FailedMember,
  heldBy,
  type RouteLook,
  routeFirstLook,
  tablesToMove,
} from "./look/route-look.ts";
export {
  type AddressNoticeDetail,
  DETAIL_TYPES,
  type DecisionTrigger,
  type DetailType,
  NOTICE_SOURCE,
  type Notice,
  type NoticeDetail,
  type NoticeOutcome,
  type NoticeTrigger,
  noticeOf,
  type RouteNoticeDetail,
} from "./notices/notice.ts";
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
  needsFencing,
  planMove,
  planSet,
  type SetInput,
  type Step,
  scriptOf,
  stepsOf,
} from "./plan/plan-set.ts";
export {
  type Answer,
  type BatchResponse,
  createQueueConsumer,
  isQueueBatch,
  MAX_RECHECKS,
  type QueueBatch,
  type QueueRecord,
  RECHECKS_ATTRIBUTE,
  type Requeue,
  rechecksOf,
} from "./queue/consumer.ts";
export { isRouteReport } from "./report/trace.ts";
export {
  createSelfCheck,
  READ_ALLOWED,
  SELF_CHECK_KEY,
  SELF_CHECK_VALUE,
  type SelfCheckItem,
  type SelfCheckReport,
  selfCheckOf,
  withSelfCheck,
} from "./self-check/self-check.ts";
export { flagFrom, numberFrom, readSettings, type Settings } from "./settings.ts";
export { observeFleet, transitionTime } from "./sweep/fleet.ts";
export {
  createSweep,
  type SweepDeps,
  type SweepReport,
  type SweepTrigger,
  sweepTrigger,
} from "./sweep/sweep.ts";
export {
  type FleetView,
  failureOf,
  planSweep,
  type SweepPlan,
  type SweepTarget,
} from "./sweep/sweep-plan.ts";
export type {
  AddressOutcome,
  AddressReport,
  Deps,
  FailoverReport,
  Failure,
  ItemReport,
  Log,
  MetricSink,
  PhaseTimings,
  RouteReport,
  RouteTableReport,
} from "./types.ts";
