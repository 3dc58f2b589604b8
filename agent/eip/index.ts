// The eip agent's public face (ocf:eip-failover:eip), for tests and tools. Pacemaker runs main.ts (built into
// dist/agent/eip), not this.
export { type ActionContext, observe, start, targetFor } from "./actions.ts";
export { type AgentConfig, parseConfig } from "./config.ts";
export { handOver, releaseReason } from "./handover.ts";
export { type ImdsView, imdsHolds } from "./imds-holds.ts";
export { EIP_AGENT, metaData } from "./meta-data.ts";
export { migrateFrom, migrateTo } from "./migrate.ts";
export { monitor } from "./monitor.ts";
export { type AddressWritten, isAddressWritten, underHandover } from "./own-association.ts";
export { IGNORED_PARAMETERS, PARAMETERS, type ParameterName } from "./parameters.ts";
export { filePublicIpCache, type PublicIpCache } from "./public-ip-cache.ts";
export { type Ran, run } from "./run.ts";
export { stop } from "./stop.ts";
export { provePermissions, validateDeep } from "./validate.ts";
