import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// A lock directory (mkdir is atomic) takes work that writes shared files in turn, across processes: the project's
// `sls package` runs (sls-lock.ts), the agents' packages (test/support/agent-package.ts).
const ATTEMPTS = 600;
const WAIT_MS = 250;

/** Whether the process that took the lock `dir` is gone (killed mid-work), so the lock is stale. */
function lockIsStale(dir: string): boolean {
  try {
    process.kill(Number(readFileSync(join(dir, "pid"), "utf8")), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Runs `work` holding the lock directory `dir` (created then removed; one holder across processes, 150 s wait). */
export async function withDirLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= ATTEMPTS) throw error;
      if (lockIsStale(dir)) rmSync(dir, { recursive: true, force: true });
      else await sleep(WAIT_MS);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
