// The OCF kit both agents (eip/, route/) are built on; neither agent imports the other.

export { CIB_TIMEOUT_MS, cibTargetRole, type ReadProgram } from "./cib.ts";
export { budgetMs, commonConfig, isTrue, type OcfConfig, readTable, type TableRead } from "./config.ts";
export { resolveCredentials } from "./credentials.ts";
export { type AgentEdge, dispatch } from "./dispatch.ts";
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
export { exitReasonLine, finish } from "./finish.ts";
export { fetchIdentity, type Identity, loadIdentity } from "./identity.ts";
export { IMDS_DEFAULT_ENDPOINT, type ImdsSession, openImds } from "./imds.ts";
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
export { type AgentDescription, parameterXml, resourceAgentXml, usage } from "./meta-data.ts";
export { EXIT_BY_REASON, outcomeOf } from "./outcome.ts";
export {
  ACTIONS,
  type ActionName,
  apiLagParameter,
  BOOLEAN_WORD,
  DEFAULT_API_LAG_S,
  DEFAULT_TIMEOUT_MS,
  monapiParameter,
  NETWORK_ACTIONS,
  type NetworkAction,
  PACEMAKER_KEY,
  type ParameterSpec,
  regionParameter,
} from "./parameters.ts";
export { type AwsEdge, deadlineOf, openAws } from "./run.ts";
export { NODE_MAJOR, VERSION } from "./version.ts";
export { fileWritten, memoryWritten, type Written } from "./written.ts";
