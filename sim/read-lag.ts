import type { IncomingHttpHeaders } from "node:http";
import { type Before, changedBy, changesModelled } from "./changes.ts";
import { isNoLag, type LagRange, lagWindows } from "./consistency.ts";
import { askMoto } from "./query-xml.ts";
import { showStale, showsLag } from "./stale-answers.ts";

/** What the proxy needs to know of an EC2 request to lag it. */
export interface LaggedRequest {
  readonly action: string;
  readonly params: URLSearchParams;
  readonly dryRun: boolean;
  /** The caller's headers: moto is asked in the caller's Region. */
  readonly headers: IncomingHttpHeaders;
}

/** EC2's read-after-write lag at the proxy: what a change hides, and the answers that show it late. */
export interface ReadLag {
  /**
   * Reads (from moto at once) what an EC2 call is about to change, before it is forwarded; the function it
   * returns opens the lag windows, to be called once the call succeeded. Nothing is read without lag.
   */
  changing(request: LaggedRequest): Promise<() => void>;
  /** True when the answers to `action` can show a change late. */
  shows(action: string): boolean;
  /** moto's answer as EC2 would give it now (see {@link showStale}). */
  show(request: LaggedRequest, truth: string): string;
  setRange(range: LagRange): void;
  settle(): void;
}

/** The lag in front of moto at `target`, lags drawn from `range` with `random`, timed on `clock`. */
export function readLag(target: URL, range: LagRange, random: () => number, clock: () => number): ReadLag {
  const windows = lagWindows<Before>(range, random, clock);
  const nothing = () => {};
  return {
    async changing({ action, params, dryRun, headers }) {
      if (dryRun || isNoLag(windows.range()) || !changesModelled(action)) return nothing;
      const ask = (q: Record<string, string>) =>
        askMoto(target, headers, new URLSearchParams({ ...q, Version: "2016-11-15" }).toString());
      // Should moto not answer, the call goes ahead unlagged: the lag must never fail a call EC2 would take.
      const changes = await changedBy(action, params, ask).catch(() => []);
      return () => {
        for (const change of changes) windows.record(change.key, change.before);
      };
    },
    shows: showsLag,
    show: ({ action, params }, truth) => showStale(action, params, truth, windows),
    setRange: (next) => windows.setRange(next),
    settle: () => windows.settle(),
  };
}
