import type { CheckId } from "./check-ids.ts";
import type { CheckResult } from "./types.ts";

/** Which check, of what: its stable id, the cluster (undefined for the stack's own), the resource it is about. */
export interface CheckOf {
  readonly id: CheckId;
  readonly cluster?: string;
  readonly subject?: string;
}

/**
 * One check's verdict: `fix` is kept only when it failed; `cluster` undefined for a check of the stack itself.
 *
 * @example
 * verdict({ id: "member.exists", cluster: "web", subject: "i-0a…" }, false, "member i-0a… exists", "launch it, …")
 */
export function verdict(of: CheckOf, ok: boolean, what: string, fix: string): CheckResult {
  const base: CheckResult = {
    id: of.id,
    ...(of.cluster === undefined ? {} : { cluster: of.cluster }),
    ...(of.subject === undefined ? {} : { subject: of.subject }),
    ok,
    what,
  };
  return ok ? base : { ...base, fix };
}
