import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { withSlsLock } from "../../cli/stack/sls-lock.ts";

/**
 * The parameters every packaging test deploys with: two clusters' node roles (membership is not one), and an
 * e-mail address told of failover notices.
 */
export const PACKAGE_PARAMS = {
  clusters: ["web", "db"],
  notify: "ops@example.com",
} as const;

/**
 * Runs `sls package` offline into `dir` with {@link PACKAGE_PARAMS} and returns the CloudFormation template
 * it wrote (the update-stack one, as a deploy would send it); one packaging at a time in the project
 * (cli/stack/sls-lock.ts).
 */
export async function packageStack(dir: string): Promise<Record<string, unknown>> {
  await withSlsLock(() =>
    promisify(execFile)(
      "npx",
      [
        "sls",
        "package",
        "--package",
        dir,
        "--param",
        `clusters=${PACKAGE_PARAMS.clusters.join(",")}`,
        "--param",
        `notify=${PACKAGE_PARAMS.notify}`,
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          SLS_TELEMETRY_DISABLED: "1",
        },
        timeout: 120_000,
      },
    ),
  );
  return JSON.parse(readFileSync(`${dir}/cloudformation-template-update-stack.json`, "utf8"));
}
