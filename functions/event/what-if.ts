// A per-invocation dry run, for `eip-failover drill --live`: what would the deployed controller do if this
// failure were real, now? Only a direct invocation can ask (lambda:InvokeFunction): EventBridge delivers its
// own envelope, which never has a top-level "dryRun", and the decisions queue passes that envelope on as it is.
import type { Deps, Failure } from "../types.ts";

/** True when the event asks for a dry run of itself: `"dryRun": true` at its top level. */
export function isWhatIf(event: unknown): boolean {
  return typeof event === "object" && event !== null && (event as { dryRun?: unknown }).dryRun === true;
}

/**
 * The dependencies and failure one invocation runs with. A what-if plans and changes nothing (`dryRun`), and
 * takes the failure as given (`assumed`): no grace window to wait out, no check that the instance has
 * recovered, so a drill of a healthy holder shows the plan a real failure of it would get. Anything else runs
 * as deployed.
 *
 * @example
 * const { deps: run, failure } = asInvoked(event, deps, trigger);
 */
export function asInvoked<F extends Failure>(
  event: unknown,
  deps: Deps,
  failure: F,
): { deps: Deps; failure: F } {
  if (!isWhatIf(event)) return { deps, failure };
  return { deps: { ...deps, dryRun: true }, failure: { ...failure, assumed: true } };
}
