import { createRequire } from "node:module";

// functions/stack/dashboard.cjs writes the dashboard into the stack; the command (the doctor) takes its name from
// that same file, so the two never disagree.
const dashboard = createRequire(import.meta.url)("../../functions/stack/dashboard.cjs") as {
  dashboardName(stackName: string): string;
};

/**
 * The name of the stack's CloudWatch dashboard.
 *
 * @example
 * dashboardNameOf("eip-failover-dev") // "eip-failover-dev"
 */
export const dashboardNameOf = (stackName: string): string => dashboard.dashboardName(stackName);
