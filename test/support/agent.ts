// The tests run the agent with the product's own harness (cli/harness), so there is one copy of it.
export { AGENT_PATH as AGENT, type AgentRun, rscTmp, runAgent } from "../../cli/harness/index.ts";
