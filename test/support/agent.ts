import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const AGENT = join(import.meta.dirname, "../../dist/agent/eip");

export interface AgentRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** The text after `ocf-exit-reason:`, when the agent printed one. */
  readonly reason: string | undefined;
}

/** A fresh HA_RSCTMP, as pacemaker-execd would give each node. */
export function rscTmp(): string {
  return mkdtempSync(join(tmpdir(), "eip-rsctmp-"));
}

/** Runs the built agent as pacemaker-execd does: the action as the only argument, everything else in env. */
export async function runAgent(
  action: string,
  env: Record<string, string>,
  file: string = AGENT,
): Promise<AgentRun> {
  const t0 = performance.now();
  const out = await run(file, action ? [action] : [], { env: { PATH: process.env.PATH ?? "", ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
  const reason = /^ocf-exit-reason:(.*)$/m.exec(out.stderr)?.[1];
  return { ...out, ms: performance.now() - t0, reason };
}
