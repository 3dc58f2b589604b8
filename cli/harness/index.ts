// The product's harnesses over the fake region, shared by the operator's command (drill, status, doctor)
// and the tests: one copy of each way to run the agent, invoke the controller and look at the world.
export { addressHolders, holder } from "./addresses.ts";
export { AGENT_PATH, type AgentRun, eipAgentEnv, ROOT, rscTmp, runAgent } from "./agent.ts";
export { DEFAULT_REMAINING_MS, lambdaContext } from "./lambda.ts";
export { putCluster } from "./parameters.ts";
export { putStatusAlarm } from "./status-alarm.ts";
