import { unlinkSync } from "node:fs";
import { readOwnJson, writeOwnJson } from "./cache.ts";

/**
 * What this node's last start or stop changed: EC2's own answer, which a read that lags may contradict for up
 * to the lag bound (lag.ts). One record per resource instance, under HA_RSCTMP (a reboot clears it, as it clears
 * Pacemaker's view of what runs here).
 */
export interface Written<T> {
  /** The record; undefined when there is none (or none this agent can read). */
  get(): Promise<(T & { readonly at: number }) | undefined>;
  /** Remembers `value`, changed at `at` (epoch ms, when EC2 answered). */
  put(value: T, at: number): Promise<void>;
  /** Forgets it. */
  clear(): Promise<void>;
}

/**
 * A {@link Written} record in one file (ours only, mode 0600, like the identity cache). Failures to write are
 * ignored: without the record the agent doubts more reads, so it is slower, not wrong.
 *
 * @example
 * const written = fileWritten(cachePath(rscTmp, resource, "written"), isAddressWritten); // eip/own-association.ts
 */
export function fileWritten<T>(
  path: string,
  valid: (v: Record<string, unknown>) => v is Record<string, unknown> & T,
): Written<T> {
  return {
    async get() {
      const v = (await readOwnJson(path)) as Record<string, unknown> | undefined;
      if (!v || typeof v !== "object" || typeof v.at !== "number" || !valid(v)) return undefined;
      return v as T & { at: number };
    },
    put: (value, at) => writeOwnJson(path, { ...value, at }),
    async clear() {
      try {
        unlinkSync(path);
      } catch {
        // already gone, or not ours to remove: the record is only a hint (see above)
      }
    },
  };
}

/** A {@link Written} record in memory, for tests and tools. */
export function memoryWritten<T>(initial?: T & { readonly at: number }): Written<T> {
  let record = initial;
  return {
    get: async () => record,
    put: async (value, at) => {
      record = { ...value, at };
    },
    clear: async () => {
      record = undefined;
    },
  };
}
