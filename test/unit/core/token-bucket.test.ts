import { describe, expect, it } from "vitest";
import { type Adaptation, TokenBucket } from "../../../core/token-bucket.ts";

/** A bucket on a clock that moves only when the test says so. */
function onFakeClock(refillPerSecond: number, capacity = 10, adaptation?: Adaptation) {
  const clock = { now: 1_000_000 };
  return { clock, bucket: new TokenBucket({ capacity, refillPerSecond }, () => clock.now, adaptation) };
}

const AIMD: Adaptation = { keep: 0.5, regainPerSecond: 0.1, floor: 0.1 };

describe("TokenBucket learns the rate a shared account leaves it", () => {
  it("a throttled answer keeps `keep` of the rate, and forgets the tokens it counted", () => {
    // Prepare: 10 per second, 10 tokens banked
    const { bucket } = onFakeClock(10, 10, AIMD);
    // Act
    const cut = bucket.throttled(bucket.cuts);
    // Assess: half the rate; the next turn is one token away at 5 per second
    expect(cut).toBe(true);
    expect(bucket.rate()).toBe(5);
    expect(bucket.reserve()).toBe(200);
  });

  it("regains `regainPerSecond` of the full rate each second after a cut, up to the full rate", () => {
    const { clock, bucket } = onFakeClock(10, 100, AIMD);
    bucket.throttled(0);
    clock.now += 2_000;
    expect(bucket.rate()).toBeCloseTo(7, 10);
    clock.now += 3_000;
    expect(bucket.rate()).toBe(10);
    clock.now += 60_000;
    expect(bucket.rate()).toBe(10);
  });

  it("refills by what the climbing rate adds: from 5 to 10 per second over 5 s is 37.5 tokens", () => {
    // Prepare: an empty bucket after the cut, large enough not to cap
    const { clock, bucket } = onFakeClock(10, 100, AIMD);
    bucket.throttled(0);
    // Act: 5 s of climbing (5 → 10 per second), then 1 s at the full rate
    clock.now += 5_000;
    const climbed = bucket.available();
    clock.now += 1_000;
    const then = bucket.available();
    // Assess
    expect(climbed).toBeCloseTo(37.5, 9);
    expect(then).toBeCloseTo(47.5, 9);
  });

  it("never cuts below the floor", () => {
    const { bucket } = onFakeClock(10, 10, AIMD);
    for (let i = 0; i < 10; i++) bucket.throttled(bucket.cuts);
    expect(bucket.rate()).toBe(1);
    expect(bucket.cuts).toBe(10);
  });

  it("cuts once for the calls that left before a cut: their throttled answers are already known", () => {
    // Prepare: three calls sent at once, before any cut
    const { bucket } = onFakeClock(10, 10, AIMD);
    const sentAt = [bucket.cuts, bucket.cuts, bucket.cuts];
    // Act: all three come back throttled
    const cuts = sentAt.map((c) => bucket.throttled(c));
    // Assess
    expect(cuts).toEqual([true, false, false]);
    expect(bucket.rate()).toBe(5);
  });

  it("a cut forgives the turns handed out ahead: the next caller waits one token at the new rate", () => {
    // Prepare: 10 tokens spent and 5 turns reserved ahead (up to 500 ms at 10 per second)
    const { bucket } = onFakeClock(10, 10, AIMD);
    for (let i = 0; i < 15; i++) bucket.reserve();
    // Act
    bucket.throttled(bucket.cuts);
    // Assess
    expect(bucket.available()).toBe(0);
    expect(bucket.reserve()).toBe(200);
  });

  it("without throttled answers it is the fixed bucket it always was", () => {
    const { clock, bucket } = onFakeClock(2, 3);
    expect(Array.from({ length: 5 }, () => bucket.reserve())).toEqual([0, 0, 0, 500, 1_000]);
    clock.now += 60_000;
    expect(bucket.rate()).toBe(2);
    expect(bucket.available()).toBe(3);
  });
});
