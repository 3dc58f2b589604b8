import { spawn } from "node:child_process";

/** One spawned agent action: exit code, wall time from spawn to exit, and what it wrote to stderr. */
export interface Sample {
  readonly code: number;
  readonly ms: number;
  readonly stderr: string;
}

/** Spawns `file ...args` as pacemaker-execd does (env only; for an agent, the action as the only argument) and times it. */
export function timeSpawn(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, ms: performance.now() - t0, stderr }));
  });
}

/** The q-quantile (0..1) of `values` by nearest rank; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/**
 * Where our agent's time went, read from its one log line
 * `(rc=0, 34 ms: identity cached, EC2 17 ms; 90 ms since process start)`: undefined when the line is absent.
 */
export function splitOf(stderr: string): { startupMs: number; actionMs: number; ec2Ms: number } | undefined {
  const m = /\(rc=\d+, (\d+) ms: [^)]*?EC2 (\d+) ms[^)]*; (\d+) ms since process start\)/.exec(stderr);
  if (!m) return undefined;
  const [actionMs, ec2Ms, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { startupMs: total - actionMs, actionMs, ec2Ms };
}
