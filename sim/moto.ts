import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./ports.ts";

/** The folder put first on moto_server's PYTHONPATH: its sitecustomize.py (see there). */
const MOTO_PYTHON = join(import.meta.dirname, "moto-python");

/** A running moto_server on loopback. */
export interface Moto {
  /** e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Forgets every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Stops the server by its PID and waits for it to exit; a server leased from a pool goes back to it. */
  stop(): Promise<void>;
}

export const MOTO_INSTALL_HINT =
  "moto_server not found on PATH: install it with `pip install 'moto[server]'` (Python 3.9+), or set MOTO_SERVER to its path";

/** Where moto_server is, or undefined. Honours MOTO_SERVER. */
export function findMotoServer(): string | undefined {
  const explicit = process.env.MOTO_SERVER;
  if (explicit) return explicit;
  const found = spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

async function ready(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/**
 * Starts moto_server on a free loopback port and waits until it answers.
 *
 * @throws Error with install instructions when moto_server is missing.
 * @example
 * const moto = await startMoto();
 * process.env.AWS_ENDPOINT_URL = moto.endpoint;
 * await moto.stop();
 */
export async function startMoto(options: { port?: number; timeoutMs?: number } = {}): Promise<Moto> {
  const bin = findMotoServer();
  if (!bin) throw new Error(MOTO_INSTALL_HINT);
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    // No catalogue of public AMIs: the sim launches its own image id (SIM_IMAGE_ID) and nothing reads images,
    // while loading moto's catalogue made every reset's first EC2 call cost about 170 ms of CPU instead of 10.
    // PYTHONPATH: moto-python/sitecustomize.py keeps jsonpath_ng's parses, which moto's EventBridge redoes for every
    // event it routes (about 150 ms of CPU each otherwise).
    env: {
      ...process.env,
      MOTO_ALLOW_NONEXISTENT_REGION: "false",
      MOTO_EC2_LOAD_DEFAULT_AMIS: "false",
      PYTHONPATH: [MOTO_PYTHON, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
    },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);
  try {
    await ready(endpoint, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    endpoint,
    port,
    pid,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
