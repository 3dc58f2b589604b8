import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { OcfExit } from "../../agent/index.ts";
import type { NodeName } from "../../sim/constants.ts";
import type { Region } from "../../sim/region.ts";
import { eipAgentEnv, rscTmp as newRscTmp, ROOT, runAgent } from "../harness/index.ts";

/** Sources the agent executable is built from: newer than the executable means rebuild. */
const AGENT_SOURCES = ["agent", "core", "scripts/build/agent.mjs", "scripts/build.mjs"];

/** "OCF_SUCCESS" by code, from the agent's own table of exit codes. */
const OCF_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(OcfExit).map(([name, code]) => [code, `OCF_${name}`]),
);

/** "OCF_SUCCESS" for 0, "rc 42" for codes OCF does not name. */
export const ocfName = (code: number) => OCF_NAMES[code] ?? `rc ${code}`;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

/** True when dist/agent/eip is missing or older than any of its sources. */
export function agentIsStale(root: string = ROOT): boolean {
  const out = join(root, "dist/agent/eip");
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return AGENT_SOURCES.some((s) => existsSync(join(root, s)) && newestMtime(join(root, s)) > built);
}

/**
 * Builds dist/ with the project's own build (`node scripts/build.mjs`) when the agent is missing or stale,
 * so `npm start` works right after `npm ci`. The build's chatter goes to stderr: stdout may be JSON.
 */
export async function ensureAgentBuilt(note: (text: string) => void): Promise<void> {
  if (!agentIsStale()) return;
  note("building dist/ (node scripts/build.mjs): the agent executable is missing or older than its sources");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/build.mjs"], {
      cwd: ROOT,
      stdio: ["ignore", process.stderr, process.stderr],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`node scripts/build.mjs exited with code ${code}`)),
    );
  });
}

export interface AgentResult {
  readonly code: number;
  /** The agent's one-line account of what it did (its stderr, without the ocf-exit-reason echo). */
  readonly says: string;
}

/** Per-node HA_RSCTMP, as pacemaker-execd gives each node (the agent keeps its caches there). */
const rscTmp = new Map<NodeName, string>();

/**
 * Runs the built agent as pacemaker-execd would on `node`: the action as argv, parameters as OCF_RESKEY_*,
 * the node's IMDS and the sim's endpoint in the environment (its calls are logged as client "node<X>").
 */
export async function runAgentOn(
  region: Region,
  node: NodeName,
  action: "start" | "stop" | "monitor",
  allocationId: string,
): Promise<AgentResult> {
  if (!rscTmp.has(node)) rscTmp.set(node, newRscTmp(`eip-drill-${node}-`));
  const env = eipAgentEnv(region, node, allocationId, rscTmp.get(node)!);
  const run = await runAgent(action, env, undefined, 30_000);
  const says = run.stderr
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("ocf-exit-reason:"))
    .join(" | ");
  return { code: run.code, says };
}

/** Removes the HA_RSCTMP directories this process made. */
export function removeAgentTmp(): void {
  for (const dir of rscTmp.values()) rmSync(dir, { recursive: true, force: true });
  rscTmp.clear();
}
