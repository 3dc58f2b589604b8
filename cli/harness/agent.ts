import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NodeName } from "../../sim/constants.ts";
import type { Region } from "../../sim/region.ts";

/** The repository's root, which holds dist/ once `npm run build` ran. */
export const ROOT = join(import.meta.dirname, "../..");
/** The built agent executable, as `npm run build` writes it. */
export const AGENT_PATH = join(ROOT, "dist/agent/eip");

/** One run of the agent executable: its exit code, its output, and how long it took. */
export interface AgentRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the run, for reports and benches (tests must not assert on it). */
  readonly ms: number;
  /** The text after `ocf-exit-reason:`, when the agent printed one; undefined otherwise. */
  readonly reason: string | undefined;
}

/** A fresh HA_RSCTMP, as pacemaker-execd gives each node (the agent keeps its caches there). */
export function rscTmp(prefix = "eip-rsctmp-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * What pacemaker-execd gives the eip agent on the sim's `node` for resource "vip" holding `allocationId`: the node's
 * IMDS and the sim's endpoint (its calls logged as client "node<X>"), a 20 s operation, its caches in `haRscTmp`.
 *
 * @example
 * await runAgent("monitor", eipAgentEnv(region, "A", region.topology.eip.allocationId, rscTmp()));
 */
export function eipAgentEnv(
  region: Region,
  node: NodeName,
  allocationId: string,
  haRscTmp: string,
): Record<string, string> {
  return {
    ...region.env(`node${node}`, node),
    HA_RSCTMP: haRscTmp,
    OCF_ROOT: "/usr/lib/ocf",
    OCF_RESOURCE_INSTANCE: "vip",
    OCF_RESKEY_allocation_id: allocationId,
    OCF_RESKEY_CRM_meta_timeout: "20000",
  };
}

/**
 * Runs the built agent as pacemaker-execd does: the action as the only argument, everything else in `env`
 * (PATH is passed through; nothing else of this process's environment is).
 *
 * @param timeoutMs kill the agent after this long (0: never), as execd would at the operation's timeout.
 * @example
 * const run = await runAgent("monitor", { ...region.env("nodeA", "A"), OCF_RESKEY_allocation_id: id });
 * run.code // 0 on the holder, 7 elsewhere
 */
export async function runAgent(
  action: string,
  env: Record<string, string>,
  file: string = AGENT_PATH,
  timeoutMs = 0,
): Promise<AgentRun> {
  const t0 = performance.now();
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      file,
      action ? [action] : [],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        // A killed or unspawnable agent has no numeric code: execd reports that as a generic failure (1).
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  const reason = /^ocf-exit-reason:(.*)$/m.exec(out.stderr)?.[1];
  return { ...out, ms: performance.now() - t0, reason };
}
