import { type ClusterSettings, corosyncTimings } from "./settings.ts";

/** Seconds Pacemaker and the agent take after corosync's membership change: the product's promise. */
export const PACEMAKER_S = 2;
/** Extra seconds the suite allows a busy CI machine (one core taken by another process) beyond the promise. */
export const BUSY_MARGIN_S = 2;

/**
 * The failover promise for `nodes` nodes: corosync's real token + consensus (corosync.conf(5)) + 2 s, and
 * the bound the suite asserts: that promise plus a margin a busy machine keeps.
 */
export function failoverBound(settings: ClusterSettings, nodes: number) {
  const t = corosyncTimings(settings, nodes);
  const promise = (t.token + t.consensus) / 1000 + PACEMAKER_S;
  return {
    promise,
    asserted: promise + BUSY_MARGIN_S,
    describe: `token ${t.token} ms + consensus ${t.consensus} ms + ${PACEMAKER_S} s = ${promise.toFixed(2)} s (asserted with ${BUSY_MARGIN_S} s for a busy machine)`,
  };
}
