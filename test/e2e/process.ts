import { type ChildProcess, execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs a command to its end; never throws: a failure is a non-zero code with its output. */
export async function sh(cmd: string, args: string[], options: { timeout?: number } = {}) {
  return run(cmd, args, { timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code ?? 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? "",
    }),
  );
}

/** Waits for a line on a child's stdout that `match` accepts. */
export function lineFrom(
  child: ChildProcess,
  match: (line: string) => boolean,
  timeoutMs: number,
  what: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err = (err + c.toString()).slice(-2000);
    });
    const timer = setTimeout(
      () => reject(new Error(`${what} not ready within ${timeoutMs} ms: ${buf.slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (c: Buffer) => {
      buf += c.toString();
      const line = buf.split("\n").find(match);
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`${what} exited with ${code}: ${buf.slice(-2000)} ${err}`)),
    );
  });
}

/** Root and the tools the e2e suite drives, or an error naming what is missing. */
export async function prerequisites(): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Error("the e2e suite needs root (network namespaces, mounts): run as root");
  for (const tool of [
    "corosync",
    "pacemakerd",
    "crm_resource",
    "cibadmin",
    "pcs",
    "ip",
    "unshare",
    "nsenter",
    "curl",
  ]) {
    const found = await sh("sh", ["-c", `command -v ${tool}`]);
    if (found.code !== 0)
      throw new Error(`e2e prerequisite missing: ${tool} (bash scripts/ensure-prereqs.sh installs it)`);
  }
}

/** Polls `check` every `everyMs` until it holds; returns the time it first held. */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await check().catch(() => false)) return Date.now();
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
