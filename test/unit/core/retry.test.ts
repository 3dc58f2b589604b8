import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  ConfigurationError,
  DEFAULT_RETRY_POLICY,
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
