import type { LogEntry } from "../../sim/request-log.ts";

/** What the EIP went through between two instants, rebuilt from the sim proxy's log. */
export interface Moves {
  /** Associations that took effect and changed the holder (from another node, or from nobody after a release). */
  readonly moves: number;
  /** Milliseconds the EIP pointed nowhere. */
  readonly unassociatedMs: number;
  /** Mutating calls that took effect, in order: "nodeB AssociateAddress". */
  readonly calls: readonly string[];
}

/**
 * Replays the successful mutating EC2 calls logged in [t0, t1]: an AssociateAddress by node X leaves the
 * EIP on X (each agent associates to itself; the proxy logs a call when moto has answered), a
 * DisassociateAddress leaves it nowhere. `holder` is where it was at t0 (null: nowhere).
 */
export function movesIn(log: readonly LogEntry[], t0: number, t1: number, holder: string | null): Moves {
  let at = holder;
  let since = t0;
  let moves = 0;
  let unassociatedMs = 0;
  const calls: string[] = [];
  const took = log
    .filter((e) => e.time >= t0 && e.time <= t1 && e.service === "ec2" && e.mutating)
    .filter((e) => e.status >= 200 && e.status < 300 && !e.throttled)
    .sort((a, b) => a.time - b.time);
  for (const e of took) {
    if (e.action === "AssociateAddress") {
      if (at === null) unassociatedMs += e.time - since;
      if (at !== e.client) moves++;
      at = e.client;
    } else if (e.action === "DisassociateAddress" && at !== null) {
      at = null;
      since = e.time;
    } else continue;
    calls.push(`${e.client} ${e.action}`);
  }
  if (at === null) unassociatedMs += t1 - since;
  return { moves, unassociatedMs, calls };
}

/**
 * `log` with the controller's calls (client "lambda") counted as `node`'s, the node it moved the address to, so that
 * {@link movesIn}, which counts a move by who associates, counts its associate as the move to `node` and that node's
 * own associate after it as none.
 */
export const asMovedTo = (log: readonly LogEntry[], node: string): LogEntry[] =>
  log.map((e) => (e.client === "lambda" ? { ...e, client: node } : e));
