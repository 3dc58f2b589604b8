import { describe, expect, it } from "vitest";
import { leftBucket, rateBoundSeconds } from "../../../../cli/drill/bound.ts";

describe("rateBoundSeconds", () => {
  it.each([
    [2000, 390], // compare-and-swap, 1000 clusters
    [1000, 190], // one call per move, 1000 clusters
    [200, 30],
    [50, 0], // all within the burst
    [20, 0],
  ])("%i mutating calls need at least %i s", (calls, seconds) => {
    expect(rateBoundSeconds(calls)).toBe(seconds);
  });

  it("takes another bucket", () => {
    const bucket: { capacity: number; refillPerSecond: number } = { capacity: 10, refillPerSecond: 2 };
    expect(rateBoundSeconds(30, bucket)).toBe(10);
  });
});

describe("leftBucket", () => {
  it("is the whole mutating bucket when the account is ours alone", () => {
    expect(leftBucket()).toEqual({ capacity: 50, refillPerSecond: 5 });
    expect(leftBucket(0)).toEqual({ capacity: 50, refillPerSecond: 5 });
  });

  it("is what other tenants leave: half the burst and half the refill at a share of 0.5", () => {
    expect(leftBucket(0.5)).toEqual({ capacity: 25, refillPerSecond: 2.5 });
    // 1000 clusters, compare-and-swap: (2000 - 25) / 2.5 s
    expect(rateBoundSeconds(2000, leftBucket(0.5))).toBe(790);
  });
});
