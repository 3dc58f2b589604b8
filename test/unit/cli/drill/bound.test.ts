import { describe, expect, it } from "vitest";
import { rateBoundSeconds } from "../../../../cli/drill/bound.ts";

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
