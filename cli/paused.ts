import type { Cluster } from "../functions/index.ts";
import { COMMAND } from "./constants.ts";

/** A cluster's pause, as its document holds it (`eip-failover pause`); undefined: not paused. */
export type Pause = NonNullable<Cluster["paused"]>;

/**
 * The lines `status` and `doctor` print right after where they looked: one per paused cluster, saying since
 * when, why, and how to resume. Empty when none is paused. Pure.
 *
 * @example
 * pausedLines([{ name: "web", paused: { since: "2026-12-06T15:00:00.000Z" } }])
 * // ["paused: web since 2026-12-06T15:00:00.000Z: the controller plans its failovers and carries out none (eip-failover resume --cluster web)"]
 */
export function pausedLines(
  clusters: readonly { readonly name: string; readonly paused?: Pause }[],
): string[] {
  return clusters.flatMap(({ name, paused }) =>
    paused
      ? [
          `paused: ${name} since ${paused.since}${paused.reason ? ` (${paused.reason})` : ""}: the controller plans its failovers and carries out none (${COMMAND} resume --cluster ${name})`,
        ]
      : [],
  );
}

/** The head of a human output: where it looked, then the paused clusters, then a blank line. Pure. */
export const headOf = (source: string, clusters: Parameters<typeof pausedLines>[0]) =>
  [source, ...pausedLines(clusters), "", ""].join("\n");
