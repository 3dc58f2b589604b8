// The route agent's public face (ocf:eip-failover:route), for tests and tools. Pacemaker runs main.ts (built into
// dist/agent/route), not this.
export { monitorRoute, type RouteContext, startRoute, stopRoute, validateRoute } from "./actions.ts";
export { parseRouteConfig, type RouteAgentConfig } from "./config.ts";
export { type IpResult, type IpRunner, systemIp } from "./ip.ts";
export { ROUTE_AGENT, routeMetaData } from "./meta-data.ts";
export { migrateFromRoute, migrateToRoute } from "./migrate.ts";
export { isRoutesWritten, type RoutesWritten } from "./own-routes.ts";
export { ROUTE_IGNORED_PARAMETERS, ROUTE_PARAMETERS, ROUTE_UNSUPPORTED_PARAMETERS } from "./parameters.ts";
export { runRoute } from "./run.ts";
