import { describe, expect, it } from "vitest";
import { type BucketSpec, REQUEST_BUCKETS, RESOURCE_BUCKETS } from "../../../sim/buckets.ts";
import { Bucket } from "../../../sim/token-bucket.ts";

/** Takes tokens until the bucket refuses one; how many it gave. */
function drain(bucket: Bucket): number {
  let n = 0;
  while (bucket.take()) n++;
  return n;
}

/** A bucket on a clock that moves only when the test says so. */
function onFakeClock(spec: BucketSpec) {
  const clock = { now: 1_700_000_000_000 };
  return { clock, bucket: new Bucket(spec, () => clock.now) };
}

describe("Bucket on an injected clock", () => {
  it.each([
    // bucket, the burst, after this many ms, exactly this many more
    ["nonMutating", 100, 1_000, 20],
    ["nonMutating", 100, 3_000, 60],
    ["unfilteredDescribe", 50, 1_000, 10],
    ["mutating", 50, 2_000, 10],
    ["mutating", 50, 200, 1],
    ["resourceIntensive", 50, 400, 2],
  ] as const)("%s: a burst of %i, then after %i ms exactly %i more", (name, burst, ms, refilled) => {
    // Prepare
    const { clock, bucket } = onFakeClock(REQUEST_BUCKETS[name]);
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
    const { clock, bucket } = onFakeClock(REQUEST_BUCKETS.nonMutating);
    drain(bucket);
    // Act and Assess
    clock.now += 49;
    expect(bucket.take()).toBe(false);
    clock.now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("takes several tokens at once only when all are there (a resource bucket, one token per instance)", () => {
    // Prepare: StopInstances' resource bucket, 1,000 and 20 per second
    const { clock, bucket } = onFakeClock(RESOURCE_BUCKETS.StopInstances);
    expect(bucket.take(990)).toBe(true);
    // Act and Assess: 10 left, so 11 are refused and nothing is taken
    expect(bucket.take(11)).toBe(false);
    expect(bucket.available()).toBe(10);
    clock.now += 50; // one more
    expect(bucket.take(11)).toBe(true);
    expect(bucket.available()).toBe(0);
  });

  it("has() tells without taking", () => {
    const { clock, bucket } = onFakeClock(REQUEST_BUCKETS.mutating);
    drain(bucket);
    clock.now += 1_000;
    expect(bucket.has(5)).toBe(true);
    expect(bucket.has(6)).toBe(false);
    expect(drain(bucket)).toBe(5);
  });

  it("never holds more than its capacity", () => {
    const { clock, bucket } = onFakeClock(REQUEST_BUCKETS.nonMutating);
    clock.now += 3_600_000;
    expect(drain(bucket)).toBe(100);
  });

  it("a clock that does not move gives nothing back, however many requests come", () => {
    const { bucket } = onFakeClock(REQUEST_BUCKETS.mutating);
    drain(bucket);
    expect(Array.from({ length: 1_000 }, () => bucket.take()).filter(Boolean)).toEqual([]);
  });
});
