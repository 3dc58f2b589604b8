import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

/**
 * The parameters every packaging test deploys with: two clusters' node roles (membership is not one), and an
 * e-mail address told of failover notices.
 */
export const PACKAGE_PARAMS = {
  clusters: ["web", "db"],
  notify: "ops@example.com",
} as const;

// sls package writes the esbuild bundle to one work folder per service, so two test files packaging at the
// same time would overwrite each other's: a lock directory (mkdir is atomic) takes them in turn.
const LOCK = ".tmp/sls-package.lock";
const LOCK_ATTEMPTS = 600;

/** Whether the process that took the lock is gone (killed mid-package), so the lock is stale. */
function lockIsStale(): boolean {
  try {
    process.kill(Number(readFileSync(`${LOCK}/pid`, "utf8")), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(".tmp", { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= LOCK_ATTEMPTS) throw error;
      if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Runs `sls package` offline into `dir` with {@link PACKAGE_PARAMS} and returns the CloudFormation template
 * it wrote (the update-stack one, as a deploy would send it).
 */
export async function packageStack(dir: string): Promise<Record<string, unknown>> {
  await withLock(() =>
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
