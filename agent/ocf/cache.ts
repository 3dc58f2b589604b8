// Covered by test/unit/agent/ocf/written.test.ts and test/integration/agent/identity.test.ts (foreign and writable files refused).
// Synchronous on purpose: the files are small and on tmpfs, and node:fs/promises alone (with the readline and
// repl modules it loads) cost a recurring monitor more than its reads (bench/RESULTS.md, issue 26).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Reads a JSON cache file only if it is ours and nobody else could have written it (same uid, not writable
 * by group or others). Returns undefined for a missing, foreign or unreadable file: a cache only saves work.
 */
export async function readOwnJson(path: string): Promise<unknown> {
  try {
    const st = statSync(path);
    if (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return undefined;
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes a JSON cache file atomically, mode 0600. Failures are ignored: without a cache the agent is only slower. */
export async function writeOwnJson(path: string, value: unknown): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // read-only or missing HA_RSCTMP: correct without a cache, only slower
  }
}
