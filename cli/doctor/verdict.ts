import type { CheckResult } from "./types.ts";

/**
 * One check's verdict: `fix` is kept only when it failed; `cluster` undefined for a check of the stack itself.
 *
 * @example
 * verdict("web", false, "member i-0a… exists", "launch it, or remove it from the document's members")
 */
export function verdict(cluster: string | undefined, ok: boolean, what: string, fix: string): CheckResult {
  const base = cluster === undefined ? { ok, what } : { cluster, ok, what };
  return ok ? base : { ...base, fix };
}
