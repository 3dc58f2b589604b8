import { afterEach, describe, expect, it, vi } from "vitest";
import { sleepFor } from "../../../core/sleep.ts";

describe("sleepFor", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves once the time has passed, not before", async () => {
    vi.useFakeTimers();
    let done = false;
    const sleeping = sleepFor(250).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });
});
