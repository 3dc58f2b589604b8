export { cidrContains, containingCidr } from "./cidr.ts";
export { claim } from "./claim.ts";
export { claimIfUnchanged } from "./claim-if-unchanged.ts";
export { claimRoutes, claimRoutesIfUnchanged, routeInput } from "./claim-routes.ts";
export { classify, describeContext } from "./classify.ts";
export { createEc2Client, type Ec2ClientOptions } from "./client.ts";
export { type Clock, type Deadline, deadlineAt, deadlineIn, shortenedBy } from "./deadline.ts";
export {
  DRY_RUN_ALLOWED,
  type DryRunAnswer,
  type DryRunCommand,
  dryRun,
  dryRunAssociate,
  dryRunDisassociate,
} from "./dry-run.ts";
export { type BucketName, type BucketSpec, DOCUMENTED_BUCKETS } from "./ec2-buckets.ts";
export {
  ConfigurationError,
  type ConfigurationReason,
  ConflictError,
  EipError,
  type EipErrorOptions,
  type ErrorContext,
  type ErrorKind,
  ErrorKinds,
  type ErrorReason,
  ErrorReasons,
  isEipError,
  PermissionError,
  TransientError,
  type TransientReason,
} from "./errors.ts";
export {
  DESTINATION_EXAMPLES,
  destinationProblem,
  hostRoute,
  ID_EXAMPLES,
  ID_LABELS,
  ID_PATTERNS,
  type IdKind,
  idProblem,
  isId,
} from "./ids.ts";
export {
  DETACHING_STATES,
  type DetachingState,
  DOWN_STATES,
  type DownState,
  detachesAddresses,
  type InstanceState,
  InstanceStates,
  isDown,
} from "./instance-states.ts";
export {
  type ConfirmOptions,
  confirmRead,
  DEFAULT_LAG_BOUND_MS,
  insideBound,
  type LagOptions,
  lagBoundOf,
  realTime,
  type Since,
  settle,
  sinceNow,
  type Timekeeper,
} from "./lag.ts";
export { type AddressSource, describeRef, locate, locateIn, refContext, sdkAddresses } from "./locate.ts";
export { observeMembers } from "./members.ts";
export { observeRoutes, routeContext } from "./observe-routes.ts";
export { release } from "./release.ts";
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type OperationOptions,
  type RetryOptions,
  type RetryPolicy,
  withRetry,
} from "./retry.ts";
export { planRouteClaim, type RoutePlan } from "./route-plan.ts";
export { describeHop, destinationOf, pointsAt, sameHop, toRouteHop } from "./route-snapshot.ts";
export type {
  RouteClaimResult,
  RouteConflict,
  RouteHop,
  RouteRef,
  RouteSnapshot,
  RouteStep,
  RouteTableView,
} from "./route-types.ts";
export { describeHolder, describeTarget, holds, toSnapshot } from "./snapshot.ts";
export { chooseStandby, isHealthy, type StandbyChoice } from "./standby.ts";
export { CLUSTER_TAG_KEY } from "./tags.ts";
export { type Placement, placementProblem, targetOf } from "./target.ts";
export { type Adaptation, DEFAULT_ADAPTATION, TokenBucket } from "./token-bucket.ts";
export type {
  AddressRef,
  AddressSnapshot,
  Association,
  ClaimResult,
  Member,
  MemberHealth,
  ReleaseResult,
  Target,
} from "./types.ts";
export { assertAddressRef, assertId, assertIpv4, assertRouteRef } from "./validate.ts";
