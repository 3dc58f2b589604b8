// The agent's public face, for tests and tools. Pacemaker runs main.ts (built into dist/agent/eip), not this.
export { type ActionContext, observe, start, stop, targetFor } from "./eip/actions.ts";
export { type AgentConfig, budgetMs, parseConfig } from "./eip/config.ts";
export { type ImdsView, imdsHolds } from "./eip/imds-holds.ts";
export { metaData, parameterXml, usage } from "./eip/meta-data.ts";
export { monitor } from "./eip/monitor.ts";
export {
  ACTIONS,
  type ActionName,
  apiLagParameter,
  DEFAULT_API_LAG_S,
  DEFAULT_TIMEOUT_MS,
  IGNORED_PARAMETERS,
  NETWORK_ACTIONS,
  type NetworkAction,
  PARAMETERS,
  type ParameterName,
  type ParameterSpec,
} from "./eip/parameters.ts";
export { filePublicIpCache, type PublicIpCache } from "./eip/public-ip-cache.ts";
export { type Ran, run } from "./eip/run.ts";
export { provePermissions, validateDeep } from "./eip/validate.ts";
export {
  type AgentEnvironment,
  cachePath,
  DEFAULT_EXIT_REASON_PREFIX,
  DEFAULT_RSCTMP,
  type Env,
  readEnvironment,
} from "./ocf/environment.ts";
export { ImdsError, ParameterError } from "./ocf/errors.ts";
export { fail, notRunning, OcfExit, type Outcome, ok } from "./ocf/exit.ts";
export { fetchIdentity, type Identity, loadIdentity } from "./ocf/identity.ts";
export { IMDS_DEFAULT_ENDPOINT, type ImdsSession, openImds } from "./ocf/imds.ts";
export {
  type Confirmation,
  confirm,
  type Doubt,
  doubt,
  insideBound,
  type OwnChange,
  READ_ROOM_MS,
  type Reading,
  realTime,
  type Timekeeper,
} from "./ocf/lag.ts";
export { EXIT_BY_REASON, outcomeOf } from "./ocf/outcome.ts";
export { VERSION } from "./ocf/version.ts";
export {
  type AddressWritten,
  fileWritten,
  isAddressWritten,
  isRoutesWritten,
  memoryWritten,
  type RoutesWritten,
  type Written,
} from "./ocf/written.ts";
