import { describe, expect, it } from "vitest";
import {
  type BucketSpec,
  DOCUMENTED_BUCKETS,
  scaledBuckets,
  TokenBucket,
} from "../../../sim/token-bucket.ts";

/** Takes tokens until the bucket refuses one; how many it gave. */
function drain(bucket: TokenBucket): number {
  let n = 0;
  while (bucket.take()) n++;
  return n;
}

/** A bucket on a clock that moves only when the test says so. */
function onFakeClock(spec: BucketSpec) {
  const clock = { now: 1_700_000_000_000 };
  return { clock, bucket: new TokenBucket(spec, () => clock.now) };
}

describe("TokenBucket on an injected clock", () => {
  it.each([
    // bucket, the burst, after this many ms, exactly this many more
    ["nonMutating", 100, 1_000, 20],
    ["nonMutating", 100, 3_000, 60],
    ["unfilteredDescribe", 50, 1_000, 10],
    ["mutating", 50, 2_000, 10],
    ["mutating", 50, 200, 1],
    ["RunInstances", 1000, 500, 1],
  ] as const)("%s: a burst of %i, then after %i ms exactly %i more", (name, burst, ms, refilled) => {
    // Prepare
    const { clock, bucket } = onFakeClock(DOCUMENTED_BUCKETS[name]);
    // Act
    const first = drain(bucket);
    clock.now += ms;
    const second = drain(bucket);
    // Assess
    expect(first).toBe(burst);
    expect(second).toBe(refilled);
  });

  it("refills continuously: a token is whole only when its time has fully passed", () => {
    // Prepare: the non-mutating bucket refills one token every 50 ms
    const { clock, bucket } = onFakeClock(DOCUMENTED_BUCKETS.nonMutating);
    drain(bucket);
    // Act and Assess
    clock.now += 49;
    expect(bucket.take()).toBe(false);
    clock.now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("available() tells without taking", () => {
    const { clock, bucket } = onFakeClock(DOCUMENTED_BUCKETS.mutating);
    drain(bucket);
    clock.now += 1_000;
    expect(bucket.available()).toBe(5);
    expect(bucket.available()).toBe(5);
    expect(drain(bucket)).toBe(5);
  });

  it("never holds more than its capacity", () => {
    const { clock, bucket } = onFakeClock(DOCUMENTED_BUCKETS.nonMutating);
    clock.now += 3_600_000;
    expect(drain(bucket)).toBe(100);
  });

  it("a clock that does not move gives nothing back, however many requests come", () => {
    const { bucket } = onFakeClock(DOCUMENTED_BUCKETS.mutating);
    drain(bucket);
    expect(Array.from({ length: 1_000 }, () => bucket.take()).filter(Boolean)).toEqual([]);
  });
});

describe("the documented buckets", () => {
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
