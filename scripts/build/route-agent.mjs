// The route agent, ocf:eip-failover:route: dist/agent/route, built as the eip agent is (agent.mjs): a light
// half (agent/route/main.ts over agent/ocf/dispatch.ts) and the network half (agent/route/run.ts) embedded, lazy and
// V8-code-cached, so its recurring monitor (an `ip` call; no AWS call without monapi) starts about as fast as
// Node itself.
import { agentExecutable } from "./agent.mjs";

export default [agentExecutable("route", "agent/route/main.ts", "agent/route/run.ts")];
