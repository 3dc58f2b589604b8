// The route agent's executable (ocf:eip-failover:route): Pacemaker runs it as `route <action>` with
// OCF_RESKEY_* in the environment. ../ocf/dispatch.ts decides the order, as for the eip agent; the network half
// (run.ts) loads only when an action needs it.
import { dispatch } from "../ocf/dispatch.ts";
import { parseRouteConfig } from "./config.ts";
import { ROUTE_AGENT } from "./meta-data.ts";

dispatch({
  agent: ROUTE_AGENT,
  parse: parseRouteConfig,
  network: async () => (await import("./run.ts")).runRoute,
});
