import { describe, expect, it } from "vitest";
import { shortenedBy } from "../../../core/deadline.ts";
import {
  backoffDelay,
  ConfigurationError,
  DEFAULT_RETRY_POLICY,
  deadlineAt,
  deadlineIn,
  TransientError,
  withRetry,
} from "../../../core/index.ts";

const throttled = () =>
  Object.assign(new Error("slow down"), { name: "RequestLimitExceeded", $metadata: { httpStatusCode: 503 } });

/** A fake clock that only moves when the retry loop sleeps (or an attempt "takes" time). */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("withRetry", () => {
  it("returns the first success without sleeping", async () => {
    const t = fakeTime();
    expect(await withRetry(async () => 42, { deadline: deadlineIn(1000, t.clock), sleep: t.sleep })).toBe(42);
    expect(t.sleeps).toEqual([]);
  });

  it("retries transient errors until success", async () => {
    const t = fakeTime();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw throttled();
        return "ok";
      },
      { deadline: deadlineIn(10_000, t.clock), sleep: t.sleep, random: () => 0.5 },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    // throttled: half of the throttled ceilings, 500 then 1000 ms
    expect(t.sleeps).toEqual([250, 500]);
  });

  it("backs off from the shorter base after an answer that is transient but not throttled", async () => {
    const t = fakeTime();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3)
          throw Object.assign(new Error("busy"), { name: "Unavailable", $metadata: { httpStatusCode: 503 } });
        return "ok";
      },
      { deadline: deadlineIn(10_000, t.clock), sleep: t.sleep, random: () => 0.5 },
    );
    expect(t.sleeps).toEqual([50, 100]);
  });

  it("never retries a non-transient error", async () => {
    const t = fakeTime();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw Object.assign(new Error("no"), {
          name: "InvalidAllocationID.NotFound",
          $metadata: { httpStatusCode: 400 },
        });
      },
      { deadline: deadlineIn(10_000, t.clock), sleep: t.sleep, context: { allocationId: "eipalloc-1" } },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(calls).toBe(1);
  });

  it("starts no attempt that cannot finish before the deadline, and never sleeps past it", async () => {
    const t = fakeTime();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        t.advance(100); // each attempt takes 100 ms
        throw throttled();
      },
      { deadline: deadlineIn(2_000, t.clock), sleep: t.sleep, random: () => 0.999 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/^gave up: .*RequestLimitExceeded/);
    expect(t.clock()).toBeLessThanOrEqual(2_000);
    expect(calls).toBeGreaterThan(2);
  });

  it("refuses to start when less than one attempt's time is left", async () => {
    const t = fakeTime();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
      },
      {
        deadline: deadlineIn(DEFAULT_RETRY_POLICY.minAttemptMs - 1, t.clock),
        sleep: t.sleep,
        context: { action: "DescribeAddresses" },
      },
    ).catch((e) => e);
    expect(calls).toBe(0);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toContain("DescribeAddresses");
  });

  it("gives each attempt an abort signal that fires at the deadline", async () => {
    const error = await withRetry(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () =>
            reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
          );
        }),
      { deadline: deadlineIn(300), context: { action: "AssociateAddress" } },
    ).catch((e: TransientError) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toContain("AssociateAddress");
  });
});

describe("backoffDelay (full jitter)", () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 2_000],
    [20, 2_000],
  ])("attempt %i stays below its ceiling %i ms", (attempt, ceiling) => {
    expect(backoffDelay(attempt, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThan(ceiling);
    expect(backoffDelay(attempt, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });
});

describe("withRetry: what its errors say, and at which bound it stops", () => {
  it("gives up with the last failure's message, reason and cause, and the attempt count", async () => {
    // Prepare: 600 ms, attempts of 100 ms and no backoff: the fourth attempt leaves no room for a fifth
    const t = fakeTime();
    const retries: unknown[] = [];
    // Act
    const error = await withRetry(
      async () => {
        t.advance(100);
        throw throttled();
      },
      {
        deadline: deadlineIn(600, t.clock),
        sleep: t.sleep,
        random: () => 0,
        context: { action: "AssociateAddress" },
        onRetry: (info) => retries.push([info.attempt, info.delayMs, info.error.reason]),
      },
    ).catch((e: TransientError) => e);
    // Assess: room after attempt n is 600 - 100n - 250 - 20
    expect(error.message).toBe(
      "gave up: transient: AssociateAddress: RequestLimitExceeded for the request (attempt 4, no time left for another before the deadline)",
    );
    expect(error.reason).toBe("throttled");
    expect((error.cause as TransientError).message).toBe(
      "transient: AssociateAddress: RequestLimitExceeded for the request",
    );
    expect(retries).toEqual([
      [1, 0, "throttled"],
      [2, 0, "throttled"],
      [3, 0, "throttled"],
    ]);
  });

  it("starts an attempt with exactly one attempt's time left, not with one millisecond less", async () => {
    // Prepare
    const t = fakeTime();
    // Act
    const exactly = await withRetry(async () => "ran", {
      deadline: deadlineIn(250, t.clock),
      sleep: t.sleep,
    });
    const less = await withRetry(async () => "ran", {
      deadline: deadlineIn(249, t.clock),
      sleep: t.sleep,
    }).catch((e: TransientError) => e);
    // Assess
    expect(exactly).toBe("ran");
    expect((less as TransientError).message).toBe(
      "deadline: 249 ms left before operation, an attempt needs 250 ms",
    );
    expect((less as TransientError).reason).toBe("deadline");
  });

  it("a policy given overrides the defaults it names, and keeps the others", async () => {
    const t = fakeTime();
    const error = await withRetry(async () => "ran", {
      deadline: deadlineIn(400, t.clock),
      sleep: t.sleep,
      policy: { minAttemptMs: 500 },
      context: { action: "DescribeAddresses", allocationId: "eipalloc-1" },
    }).catch((e: TransientError) => e);
    expect((error as TransientError).message).toBe(
      "deadline: 400 ms left before DescribeAddresses, an attempt needs 500 ms",
    );
    expect((error as TransientError).context).toEqual({
      action: "DescribeAddresses",
      allocationId: "eipalloc-1",
    });
  });

  it("waits the jittered backoff, cut to what leaves room for one more attempt", async () => {
    // Prepare: 1000 ms; after the first failure 1000 - 250 - 20 = 730 ms of room, the backoff wants 100 × 0.5
    const t = fakeTime();
    let calls = 0;
    // Act
    await withRetry(
      async () => {
        if (++calls === 1) throw throttled();
        if (calls === 2) {
          t.advance(100);
          throw throttled();
        }
        return "ok";
      },
      {
        deadline: deadlineIn(1_000, t.clock),
        sleep: t.sleep,
        random: () => 0.5,
        policy: { capMs: 10_000, throttledBaseMs: 1_000 },
      },
    );
    // Assess: 500 ms the first time; then only 400 - 250 - 20 = 130 ms of the 1000 ms wanted
    expect(t.sleeps).toEqual([500, 130]);
  });

  it("an attempt cut by the deadline's signal says it timed out; a bug thrown inside passes through", async () => {
    // Prepare
    const bug = new TypeError("x is undefined");
    // Act
    const timedOut = await withRetry(
      (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("socket")))),
      { deadline: deadlineIn(260), context: { action: "StopInstances" } },
    ).catch((e: TransientError) => e);
    const passed = await withRetry(
      async () => {
        throw bug;
      },
      { deadline: deadlineIn(5_000) },
    ).catch((e) => e);
    // Assess
    expect((timedOut as TransientError).message).toMatch(
      /^gave up: timed out: StopInstances did not answer within \d+ ms \(deadline\) \(attempt 1, no time left/,
    );
    expect((timedOut as TransientError).reason).toBe("deadline");
    expect(passed).toBe(bug);
  });
});

describe("backoffDelay: a uniform pick below the doubling ceiling", () => {
  it.each([
    [1, 50],
    [2, 100],
    [3, 200],
    [5, 800],
    [6, 1_000],
  ])("attempt %i with random 0.5 → %i ms", (attempt, delay) => {
    expect(backoffDelay(attempt, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(delay);
  });

  it("rounds down", () => {
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0.9999)).toBe(99);
  });

  it.each([
    [1, 250],
    [2, 500],
    [3, 1_000],
    [4, 1_000],
  ])("throttled, attempt %i with random 0.5 → %i ms (from 500 ms, capped at 2 s)", (attempt, delay) => {
    expect(backoffDelay(attempt, DEFAULT_RETRY_POLICY, () => 0.5, true)).toBe(delay);
  });
});

describe("deadlines", () => {
  it("deadlineIn counts from the clock, never below zero either way", () => {
    let now = 1_000;
    const clock = () => now;
    const d = deadlineIn(500, clock);
    expect(d.at).toBe(1_500);
    expect(d.remaining()).toBe(500);
    now = 2_000;
    expect(d.remaining()).toBe(0);
    expect(deadlineIn(-100, clock).at).toBe(2_000);
  });

  it("deadlineAt is the epoch milliseconds given; shortenedBy is the same deadline earlier", () => {
    let now = 1_000;
    const clock = () => now;
    const d = deadlineAt(1_600, clock);
    const earlier = shortenedBy(d, 500);
    expect([d.at, d.remaining()]).toEqual([1_600, 600]);
    expect([earlier.at, earlier.remaining()]).toEqual([1_100, 100]);
    now = 1_200;
    expect(earlier.remaining()).toBe(0);
    expect(d.remaining()).toBe(400);
    now = 1_700;
    expect(d.remaining()).toBe(0);
  });
});
