import type { MemberHealth } from "../../core/index.ts";
import type { Failure } from "../types.ts";

/**
 * Whether the failed instance is still failed as EC2 sees it now. Events arrive late, are retried by Lambda
 * and can be replayed; one about a node that has since recovered (started again, status checks ok) must not
 * fence it or take its address.
 */
export function stillFailed(
  failure: Failure,
  now: MemberHealth | undefined,
): { readonly failed: true } | { readonly failed: false; readonly reason: string } {
  if (!now || failure.assumed) return { failed: true }; // EC2 no longer reports it (gone), or a what-if
  const recovered =
    failure.cause === "state-change"
      ? now.state === "pending" || now.state === "running"
      : now.state === "running" && now.statusOk;
  return recovered
    ? {
        failed: false,
        reason: `${failure.instanceId} has recovered since the event (${failure.detail}): now ${now.state}${now.statusOk ? ", status checks ok" : ""}`,
      }
    : { failed: true };
}
