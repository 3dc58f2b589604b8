// The agent's public face, for tests and tools. Pacemaker runs main.ts (built into dist/agent/eip), not this.
export { type ActionContext, observe, start, stop, targetFor } from "./actions.ts";
export { type AgentConfig, budgetMs, parseConfig } from "./config.ts";
export {
  type AgentEnvironment,
  cachePath,
  DEFAULT_EXIT_REASON_PREFIX,
  DEFAULT_RSCTMP,
  type Env,
  readEnvironment,
} from "./environment.ts";
export { ImdsError, ParameterError } from "./errors.ts";
export { fail, notRunning, OcfExit, type Outcome, ok } from "./exit.ts";
export { fetchIdentity, type Identity, loadIdentity } from "./identity.ts";
export { IMDS_DEFAULT_ENDPOINT, type ImdsSession, openImds } from "./imds.ts";
export { type ImdsView, imdsHolds } from "./imds-holds.ts";
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
} from "./lag.ts";
export { metaData, parameterXml, usage } from "./meta-data.ts";
export { monitor } from "./monitor.ts";
export { EXIT_BY_REASON, outcomeOf } from "./outcome.ts";
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
} from "./parameters.ts";
export { filePublicIpCache, type PublicIpCache } from "./public-ip-cache.ts";
export { type Ran, run } from "./run.ts";
export { provePermissions, validateDeep } from "./validate.ts";
export { VERSION } from "./version.ts";
export {
  type AddressWritten,
  fileWritten,
  isAddressWritten,
  isRoutesWritten,
  memoryWritten,
  type RoutesWritten,
  type Written,
} from "./written.ts";
