// The local AWS region: moto, the throttling/fault proxy, one IMDSv2 per node, real-shaped events, topology.

export {
  type BucketSpec,
  type BucketTables,
  DOCUMENTED_TABLES,
  REQUEST_BUCKETS,
  RESOURCE_BUCKETS,
  scaledTables,
  sharedTables,
  UNCATEGORIZED_BUCKETS,
} from "./buckets.ts";
export type { Bus, BusEntry } from "./bus.ts";
export { type SimEc2Options, simConfig, simEc2, simEnv, simSsm } from "./clients.ts";
export {
  assertLagRange,
  DEFAULT_LAG,
  type LagRange,
  NO_LAG,
  parseLagRange,
} from "./consistency.ts";
export {
  CLUSTER_TAG_KEY,
  DUMMY_CREDENTIALS,
  NODES,
  type NodeName,
  OVERLAY_DESTINATION,
  REGION,
} from "./constants.ts";
export { alarmStateChange, instanceStateChange } from "./events.ts";
export type { Fault, FaultRule } from "./faults.ts";
export { type Imds, type ImdsFault, type ImdsIdentity, identityOf, startImds } from "./imds.ts";
export { findMotoServer, MOTO_INSTALL_HINT, type Moto, startMoto } from "./moto.ts";
export { type SimProxy, startProxy } from "./proxy.ts";
export { type Region, type RegionOptions, startRegion } from "./region.ts";
export type { LogEntry, RequestLog } from "./request-log.ts";
export {
  buildRouteTables,
  MAX_OVERLAY_DESTINATIONS,
  overlayDestination,
  type RouteTablesSpec,
  type SimRoute,
} from "./route-tables.ts";
export {
  type ParameterStoreChangeEvent,
  parameterStoreChange,
  type Schedule,
  type ScheduledEvent,
  scheduledEvent,
  startSchedule,
} from "./schedule.ts";
export { type Throttle, type ThrottleMode, throttleFor } from "./throttle.ts";
export { Bucket } from "./token-bucket.ts";
export {
  allocateEip,
  buildClassicTopology,
  launchNode,
  routeSubnet,
  type SimNode,
  type Topology,
} from "./topology.ts";
export {
  type Ec2State,
  exampleId,
  ID_PREFIXES,
  type IdKind,
  INSTANCE_STATES,
  isEc2Id,
} from "./vocabulary.ts";
