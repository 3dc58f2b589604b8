import { describe, expect, it } from "vitest";
import { DOCUMENTED_BUCKETS, scaledBuckets, TokenBucket } from "../../../sim/token-bucket.ts";

function drain(bucket: TokenBucket): number {
  let n = 0;
  while (bucket.take()) n++;
  return n;
}

describe("TokenBucket", () => {
  it("lets a full burst through, then refills at the documented rate", () => {
    // Prepare
    let now = 0;
    const bucket = new TokenBucket(DOCUMENTED_BUCKETS.mutating, () => now);
    // Act
    const burst = drain(bucket);
    now += 2_000;
    const afterTwoSeconds = drain(bucket);
    // Assess
    expect(burst).toBe(50);
    expect(afterTwoSeconds).toBe(10);
  });

  it("never holds more than its capacity", () => {
    let now = 0;
    const bucket = new TokenBucket(DOCUMENTED_BUCKETS.nonMutating, () => now);
    now += 3_600_000;
    expect(drain(bucket)).toBe(100);
  });

  it.each([
    ["nonMutating", 100, 20],
    ["unfilteredDescribe", 50, 10],
    ["mutating", 50, 5],
    ["StopInstances", 1000, 20],
  ] as const)("documents %s as %i burst, %i per second", (name, capacity, refill) => {
    expect(DOCUMENTED_BUCKETS[name]).toEqual({ capacity, refillPerSecond: refill });
  });

  it("scales capacity and refill together", () => {
    expect(scaledBuckets(0.1).mutating).toEqual({ capacity: 5, refillPerSecond: 0.5 });
  });
});
