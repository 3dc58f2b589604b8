// EC2's API is eventually consistent: a Describe right after a change may still show the resource as it was.
// This is the sim's model of that lag, with no I/O: windows per resource, drawn per change.

/** How long a change takes to show in Describe answers: each change draws its lag from [minMs, maxMs]. */
export interface LagRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/** Reads are exact: for tests that need them, and each such test says why. */
export const NO_LAG: LagRange = { minMs: 0, maxMs: 0 };

/**
 * The sim's default read-after-write lag, 1 to 3 s per change. AWS documents the EC2 API as eventually
 * consistent without a bound ("Eventual consistency in the Amazon EC2 API": retry a Describe "starting with a
 * couple of seconds of wait time"); ClusterLabs' awseip and awsvip sleep `api_delay` (default 3 s) after
 * every association change for it, and aws-vpc-move-ip sleeps 1 s after each ReplaceRoute. So a change
 * shows after one to three seconds: seconds, as the peers observe, not the documented worst case of minutes.
 */
export const DEFAULT_LAG: LagRange = { minMs: 1_000, maxMs: 3_000 };

/** True when a range makes no read lag. */
export function isNoLag(range: LagRange): boolean {
  return range.maxMs <= 0;
}

/**
 * `range` checked: both bounds whole milliseconds, 0 ≤ minMs ≤ maxMs.
 *
 * @throws RangeError naming the bad value and what would be valid.
 */
export function assertLagRange(range: LagRange): LagRange {
  for (const key of ["minMs", "maxMs"] as const)
    if (!Number.isInteger(range[key]) || range[key] < 0)
      throw new RangeError(`lag ${key} out of range: ${range[key]} (expected whole milliseconds, 0 or more)`);
  if (range.minMs > range.maxMs)
    throw new RangeError(
      `lag range out of order: minMs ${range.minMs} > maxMs ${range.maxMs} (expected minMs ≤ maxMs)`,
    );
  return range;
}

/** "1000-3000" or "2000" (both bounds the same), as command lines take a range. */
export function parseLagRange(text: string): LagRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match)
    throw new RangeError(`lag range not understood: '${text}' (expected MS or MIN-MAX in milliseconds)`);
  const minMs = Number(match[1]);
  return assertLagRange({ minMs, maxMs: match[2] === undefined ? minMs : Number(match[2]) });
}

/** One lag drawn from `range` with `random` (0 ≤ x < 1); no draw when the range is a single value. */
export function drawLag(range: LagRange, random: () => number): number {
  if (range.maxMs === range.minMs) return range.minMs;
  return range.minMs + Math.floor(random() * (range.maxMs - range.minMs + 1));
}

/**
 * What Describe answers show of changed resources, by key ("address:eipalloc-…", "route:rtb-…:10.0.0.0/16").
 *
 * Each successful change opens its own window, `drawLag` long, holding the resource as it was just before.
 * Changes to one resource show in order: the shown state is the one held by the OLDEST window still open, so a
 * later change with a shorter lag never overtakes an earlier one (a change shows once it and every earlier
 * change to that resource have passed their lag). When every window of a resource has passed, the truth shows.
 */
export interface LagWindows<T> {
  /** Opens a window for a change to `key` just made, holding `before` (what Describe showed until now). */
  record(key: string, before: T): void;
  /** The stale picture of `key` to show now, or undefined: show the truth. */
  shown(key: string): T | undefined;
  /** Keys with a stale picture now, those starting with `prefix` only. */
  staleKeys(prefix: string): string[];
  /** Closes every window: the truth shows from now on (the next change lags again). */
  settle(): void;
  /** The range for changes from now on (0–0: none lag); open windows stay as drawn. */
  setRange(range: LagRange): void;
  /** The range changes are drawn from now. */
  range(): LagRange;
}

/** Lag windows on `clock` (epoch ms), lags drawn from `range` with `random`. */
export function lagWindows<T>(initial: LagRange, random: () => number, clock: () => number): LagWindows<T> {
  let range = assertLagRange(initial);
  const windows = new Map<string, { readonly until: number; readonly before: T }[]>();
  const open = (key: string) => {
    const now = clock();
    const alive = (windows.get(key) ?? []).filter((w) => w.until > now);
    if (alive.length === 0) windows.delete(key);
    else windows.set(key, alive);
    return alive;
  };
  return {
    record(key, before) {
      if (isNoLag(range)) return;
      const lag = drawLag(range, random);
      if (lag <= 0) return;
      windows.set(key, [...open(key), { until: clock() + lag, before }]);
    },
    shown: (key) => open(key)[0]?.before,
    staleKeys: (prefix) => [...windows.keys()].filter((k) => k.startsWith(prefix) && open(k).length > 0),
    settle: () => windows.clear(),
    setRange(next) {
      range = assertLagRange(next);
    },
    range: () => range,
  };
}
