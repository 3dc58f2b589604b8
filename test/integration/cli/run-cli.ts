import { execFile } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../../..");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `eip-failover …` as a person would from a clone (`node cli/eip-failover.mjs …`, the package's bin), in
 * this process's environment, or in `env` alone when given (so a test controls the credential chain).
 */
export function runCli(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["cli/eip-failover.mjs", ...args],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...(env ? { env } : {}) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** stdout as JSON, or undefined when it is not JSON. */
export function jsonOf<T>(run: CliRun): T | undefined {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    return undefined;
  }
}
