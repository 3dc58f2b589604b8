import type { Failure } from "../types.ts";

/** Every item's first-look action, addresses' and routes' alike. */
export type ItemAction = "skip" | "wait-then-move" | "move-orphan" | "join";

/** When a cluster's set (its addresses and routes together) moves, decided once per cluster round. */
export type SetTiming =
  /** Nothing of the set is held by the failed member: nothing moves, not even a missing route. */
  | { readonly when: "never" }
  /** The grace window is still open: Pacemaker goes first; invoke again at `until` (epoch ms). */
  | { readonly when: "later"; readonly until: number }
  /** Move now. `graceHeld`: the whole grace window was waited out first (for the reports' timings). */
  | { readonly when: "now"; readonly graceHeld: boolean };

/**
 * When the set moves, from its items' first looks. Pure. An orphan (the failure detached an address or
 * deleted the interface a route pointed at) moves at once, and the rest of the set with it, so that the set
 * never stays split across members for a grace window; a what-if (`assumed`) waits for nothing either.
 *
 * @example
 * whenSetMoves(["wait-then-move", "join"], failure, failure.at + 30_000, failure.at + 1_000)
 * // { when: "later", until: failure.at + 30_000 }
 */
export function whenSetMoves(
  actions: readonly ItemAction[],
  failure: Pick<Failure, "assumed">,
  graceEnds: number,
  now: number,
): SetTiming {
  if (!actions.some((a) => a === "wait-then-move" || a === "move-orphan")) return { when: "never" };
  if (actions.includes("move-orphan") || failure.assumed) return { when: "now", graceHeld: false };
  if (graceEnds > now) return { when: "later", until: graceEnds };
  return { when: "now", graceHeld: true };
}
