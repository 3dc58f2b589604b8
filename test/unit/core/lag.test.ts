import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../core/deadline.ts";
import { TransientError } from "../../../core/errors.ts";
import { confirmRead, DEFAULT_LAG_BOUND_MS, settle, sinceNow } from "../../../core/lag.ts";

/** A clock that only moves when someone sleeps (or a read takes time), and the sleeps it saw. */
function fakeTime() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

describe("confirmRead: a read that contradicts a call's answer is read again after the lag bound", () => {
  it("an unsurprising read is the answer: one read, no wait", async () => {
    // Prepare
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    let reads = 0;
    // Act
    const seen = await confirmRead(
      async () => ++reads,
      () => false,
      sinceNow(deadline),
      { deadline, sleep: time.sleep, lagBoundMs: 3_000 },
    );
    // Assess
    expect(seen).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it("a surprising read waits out what is left of the bound since the answer, then the second read is the answer", async () => {
    // Prepare: the answer came at `since`; the first read took 400 ms
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    const since = sinceNow(deadline);
    const answers = ["stale", "fresh"];
    // Act
    const seen = await confirmRead(
      async () => {
        time.advance(400);
        return answers.shift();
      },
      (s) => s === "stale",
      since,
      { deadline, sleep: time.sleep, lagBoundMs: 3_000 },
    );
    // Assess
    expect(seen).toBe("fresh");
    expect(time.slept).toEqual([2_600]);
  });

  it("a second read that still surprises is returned as it is: the caller decides what it means", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    const seen = await confirmRead(
      async () => "stale",
      () => true,
      sinceNow(deadline),
      { deadline, sleep: time.sleep, lagBoundMs: 2_000 },
    );
    expect(seen).toBe("stale");
    expect(time.slept).toEqual([2_000]);
  });

  it("a bound of 0 (exact reads) never reads twice", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    let reads = 0;
    await confirmRead(
      async () => ++reads,
      () => true,
      sinceNow(deadline),
      { deadline, sleep: time.sleep, lagBoundMs: 0 },
    );
    expect(reads).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it("without a bound given, the default bound (3 s) applies", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    await confirmRead(
      async () => 1,
      () => true,
      sinceNow(deadline),
      { deadline, sleep: time.sleep },
    );
    expect(DEFAULT_LAG_BOUND_MS).toBe(3_000);
    expect(time.slept).toEqual([3_000]);
  });

  it("no time left before the deadline to wait and read again: a transient deadline error naming the values, one read only", async () => {
    // Prepare
    const time = fakeTime();
    const deadline = deadlineIn(3_000, time.clock);
    let reads = 0;
    // Act
    const error = (await confirmRead(
      async () => ++reads,
      () => true,
      sinceNow(deadline),
      { deadline, sleep: time.sleep, lagBoundMs: 3_000, context: { allocationId: "eipalloc-1" } },
    ).catch((e) => e)) as TransientError;
    // Assess
    expect(error).toBeInstanceOf(TransientError);
    expect(error.reason).toBe("deadline");
    expect(error.message).toBe(
      "deadline: 3000 ms left to read again after the 3000 ms lag bound, which needs 3000 ms more and an attempt",
    );
    expect(error.context).toEqual({ allocationId: "eipalloc-1" });
    expect(reads).toBe(1);
  });
});

describe("settle: waits only for what is left of the bound", () => {
  it("nothing left to wait once the bound has passed since the moment", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    const looked = sinceNow(deadline);
    time.advance(3_000);
    await settle(looked, { deadline, sleep: time.sleep, lagBoundMs: 3_000 });
    expect(time.slept).toEqual([]);
  });

  it("the rest of the bound when part of it has passed", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(10_000, time.clock);
    const looked = sinceNow(deadline);
    time.advance(1_200);
    await settle(looked, { deadline, sleep: time.sleep, lagBoundMs: 3_000 });
    expect(time.slept).toEqual([1_800]);
  });

  it("just enough time: the wait plus one attempt fit before the deadline", async () => {
    const time = fakeTime();
    const deadline = deadlineIn(3_250, time.clock);
    await settle(sinceNow(deadline), { deadline, sleep: time.sleep, lagBoundMs: 3_000 });
    expect(time.slept).toEqual([3_000]);
  });
});
