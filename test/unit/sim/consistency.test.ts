import { describe, expect, it } from "vitest";
import {
  assertLagRange,
  DEFAULT_LAG,
  drawLag,
  isNoLag,
  lagWindows,
  NO_LAG,
  parseLagRange,
} from "../../../sim/consistency.ts";

/** A clock the test moves by hand, and draws it chooses (0 ≤ x < 1), in order. */
function world(draws: number[] = []) {
  let now = 10_000;
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    random: () => {
      const next = draws.shift();
      if (next === undefined) throw new Error("no draw left");
      return next;
    },
  };
}

describe("lag ranges", () => {
  it("the default lags seconds, not minutes, and none is none", () => {
    expect(DEFAULT_LAG.minMs).toBeGreaterThanOrEqual(1_000);
    expect(DEFAULT_LAG.maxMs).toBeLessThanOrEqual(10_000);
    expect(isNoLag(DEFAULT_LAG)).toBe(false);
    expect(isNoLag(NO_LAG)).toBe(true);
  });

  it.each([
    [{ minMs: -1, maxMs: 5 }, "lag minMs out of range: -1 (expected whole milliseconds, 0 or more)"],
    [{ minMs: 0, maxMs: 1.5 }, "lag maxMs out of range: 1.5 (expected whole milliseconds, 0 or more)"],
    [{ minMs: 3, maxMs: 2 }, "lag range out of order: minMs 3 > maxMs 2 (expected minMs ≤ maxMs)"],
  ])("rejects %o with one line naming the value", (range, message) => {
    expect(() => assertLagRange(range)).toThrow(new RangeError(message));
  });

  it("reads a range from a command line: one value, or MIN-MAX", () => {
    expect(parseLagRange("2000")).toEqual({ minMs: 2_000, maxMs: 2_000 });
    expect(parseLagRange("1000-3000")).toEqual({ minMs: 1_000, maxMs: 3_000 });
    expect(() => parseLagRange("3s")).toThrow(
      "lag range not understood: '3s' (expected MS or MIN-MAX in milliseconds)",
    );
    expect(() => parseLagRange("3-1")).toThrow("lag range out of order");
  });

  it("draws each lag from the whole range, both ends included", () => {
    const range = { minMs: 1_000, maxMs: 3_000 };
    expect(drawLag(range, () => 0)).toBe(1_000);
    expect(drawLag(range, () => 0.5)).toBe(2_000);
    expect(drawLag(range, () => 0.99999999)).toBe(3_000);
    expect(drawLag({ minMs: 7, maxMs: 7 }, () => Number.NaN)).toBe(7); // no draw for a single value
  });
});

describe("lagWindows: what Describe shows of a changed resource", () => {
  it("shows the state before a change until its lag has passed, then the truth", () => {
    // Prepare
    const w = world([0.5]);
    const windows = lagWindows<string>({ minMs: 1_000, maxMs: 3_000 }, w.random, w.clock);
    // Act
    windows.record("address:a", "on A");
    // Assess
    expect(windows.shown("address:a")).toBe("on A");
    expect(windows.shown("address:b")).toBeUndefined();
    w.advance(1_999);
    expect(windows.shown("address:a")).toBe("on A");
    w.advance(1);
    expect(windows.shown("address:a")).toBeUndefined();
  });

  it("a second change inside the window still shows the state before the first, until the first has passed", () => {
    // Prepare: the first change lags 3 s, the second (1 s later) only 1 s
    const w = world([0.99999, 0]);
    const windows = lagWindows<string>({ minMs: 1_000, maxMs: 3_000 }, w.random, w.clock);
    windows.record("address:a", "on A");
    w.advance(1_000);
    windows.record("address:a", "on B");
    // Assess: changes show in order, so the shorter second lag does not overtake the first
    w.advance(1_500);
    expect(windows.shown("address:a")).toBe("on A");
    w.advance(500);
    expect(windows.shown("address:a")).toBeUndefined();
  });

  it("after the first change shows, a later change still inside its window shows the state before it", () => {
    const w = world([0, 0.99999]);
    const windows = lagWindows<string>({ minMs: 1_000, maxMs: 3_000 }, w.random, w.clock);
    windows.record("route:r|10.0.0.0/16", "to A");
    w.advance(500);
    windows.record("route:r|10.0.0.0/16", "to B");
    w.advance(500); // the first has passed; the second (3 s) has 2.5 s to go
    expect(windows.shown("route:r|10.0.0.0/16")).toBe("to B");
    w.advance(2_499);
    expect(windows.shown("route:r|10.0.0.0/16")).toBe("to B");
    w.advance(1);
    expect(windows.shown("route:r|10.0.0.0/16")).toBeUndefined();
  });

  it("lists the stale keys by prefix, and forgets those whose windows passed", () => {
    const w = world();
    const windows = lagWindows<string>({ minMs: 1_000, maxMs: 1_000 }, w.random, w.clock);
    windows.record("route:r1|a", "x");
    windows.record("route:r2|b", "y");
    windows.record("address:e", "z");
    expect(windows.staleKeys("route:r1|")).toEqual(["route:r1|a"]);
    expect(windows.staleKeys("route:").sort()).toEqual(["route:r1|a", "route:r2|b"]);
    w.advance(1_000);
    expect(windows.staleKeys("")).toEqual([]);
  });

  it("without lag records nothing; settle shows the truth at once; a new range applies to the next change", () => {
    const w = world();
    const windows = lagWindows<string>(NO_LAG, w.random, w.clock);
    windows.record("address:a", "on A");
    expect(windows.shown("address:a")).toBeUndefined();

    windows.setRange({ minMs: 2_000, maxMs: 2_000 });
    windows.record("address:a", "on A");
    expect(windows.shown("address:a")).toBe("on A");
    windows.settle();
    expect(windows.shown("address:a")).toBeUndefined();
    expect(windows.range()).toEqual({ minMs: 2_000, maxMs: 2_000 });
    expect(() => windows.setRange({ minMs: 5, maxMs: 1 })).toThrow(RangeError);
  });

  it("a drawn lag of 0 opens no window", () => {
    const w = world([0]);
    const windows = lagWindows<string>({ minMs: 0, maxMs: 2_000 }, w.random, w.clock);
    windows.record("address:a", "on A");
    expect(windows.shown("address:a")).toBeUndefined();
  });
});
