import { readFileSync } from "node:fs";
import { join } from "node:path";
import { nodePackageIo, PackageFiles } from "../../cli/stack/package.ts";

/**
 * The parameters every packaging test deploys with: two clusters' node roles (membership is not one), and an
 * e-mail address told of failover notices.
 */
export const PACKAGE_PARAMS = {
  clusters: ["web", "db"],
  notify: "ops@example.com",
} as const;

/**
 * Runs `sls package` offline into `dir` (relative to the project) with {@link PACKAGE_PARAMS}, as the embedded
 * region packages its stack (cli/stack/package.ts), one packaging at a time in the project, and returns the
 * CloudFormation template it wrote (the update-stack one, as a deploy would send it).
 */
export async function packageStack(dir: string): Promise<Record<string, unknown>> {
  const params = { clusters: PACKAGE_PARAMS.clusters.join(","), notify: PACKAGE_PARAMS.notify };
  await nodePackageIo.lock(() => nodePackageIo.slsPackage(dir, params));
  return JSON.parse(readFileSync(join(dir, PackageFiles.updateTemplate), "utf8"));
}
