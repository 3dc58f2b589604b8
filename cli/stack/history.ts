import { createRequire } from "node:module";

// functions/stack/history.cjs writes the failover history into the stack; the command (history) takes its log
// group's name and resources from that same file, so the two never disagree.
const history = createRequire(import.meta.url)("../../functions/stack/history.cjs") as {
  historyLogGroupName(stackName: string): string;
  historyResources(stackName: string, configPath: string): Record<string, unknown>;
};

/**
 * The name of the stack's failover history log group (every notice, one log event each).
 *
 * @example
 * historyLogGroupOf("eip-failover-dev") // "/aws/events/eip-failover-dev/failovers"
 */
export const historyLogGroupOf = (stackName: string): string => history.historyLogGroupName(stackName);

/**
 * The stack's history resources (log group, its writers' resource policy, the rule, the reader policy), by
 * logical id; `configPrefix` is the cluster documents' path, with or without its trailing slash.
 */
export const historyResourcesOf = (stackName: string, configPrefix: string): Record<string, unknown> =>
  history.historyResources(stackName, configPrefix.replace(/\/$/, ""));
