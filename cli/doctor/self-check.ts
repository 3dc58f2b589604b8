// The Lambda's own permissions, proven from inside the Lambda (functions/self-check/): one line per
// permission it asked AWS about. Pure, as the other checks.
import { CLUSTER_TAG_KEY } from "../../core/index.ts";
import type { CheckResult, SelfCheckOutcome } from "./types.ts";
import { verdict } from "./verdict.ts";

/** The fix for a permission the controller's role was refused, by core's reason. */
function fixOf(cluster: string, action: string, resource: string, reason: string | undefined): string {
  if (reason === "permission")
    return action.startsWith("ec2:")
      ? `tag ${resource} (and the instance's network interface) ${CLUSTER_TAG_KEY}=${cluster} (Deploy step 1), or redeploy the stack if its role lost ${action} (step 3)`
      : `redeploy the stack with --param="configPath=…" matching where the documents are (Deploy step 3)`;
  return `${action} on ${resource} answered ${reason ?? "an error"}: correct the document or the resource it names (Deploy step 7)`;
}

/**
 * One ✓/✗ per permission the controller's self-check asked about; one ✗ when it could not be asked or could
 * not check the cluster. Pure.
 *
 * @example
 * selfCheckChecks("web", { report: { selfCheck: "web", checks: [...] } })
 */
export function selfCheckChecks(cluster: string, outcome: SelfCheckOutcome): CheckResult[] {
  if ("error" in outcome)
    return [
      verdict(
        { id: "controller.self-check", cluster },
        false,
        `the controller's self-check of ${cluster} answered (${outcome.error})`,
        "the caller needs lambda:InvokeFunction on the controller, and the controller must be deployed from this version (Deploy step 3)",
      ),
    ];
  const { report } = outcome;
  return [
    ...report.checks.map((c) =>
      verdict(
        { id: "controller.self-check", cluster, subject: `${c.action} ${c.resource}` },
        c.allowed,
        `the controller may ${c.action} on ${c.resource} (proven from inside the Lambda: ${c.code})`,
        fixOf(cluster, c.action, c.resource, c.reason),
      ),
    ),
    ...(report.error
      ? [
          verdict(
            { id: "controller.self-check", cluster },
            false,
            `the controller's self-check of ${cluster} ran (${report.error})`,
            "correct the cluster document (Deploy step 7)",
          ),
        ]
      : []),
  ];
}
