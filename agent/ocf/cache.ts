// Covered by test/unit/agent/ocf/written.test.ts and test/integration/agent/identity.test.ts (foreign and writable files refused).
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Reads a JSON cache file only if it is ours and nobody else could have written it (same uid, not writable
 * by group or others). Returns undefined for a missing, foreign or unreadable file: a cache only saves work.
 */
export async function readOwnJson(path: string): Promise<unknown> {
  try {
    const st = await stat(path);
    if (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return undefined;
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes a JSON cache file atomically, mode 0600. Failures are ignored: without a cache the agent is only slower. */
export async function writeOwnJson(path: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
    await rename(tmp, path);
  } catch {
    // read-only or missing HA_RSCTMP: correct without a cache, only slower
  }
}
