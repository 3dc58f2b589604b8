import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runPool } from "../../../../cli/drill/pool.ts";

describe("runPool", () => {
  it("keeps the items' order and never exceeds the concurrency", async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const items = [5, 1, 4, 2, 3, 0];
    // Act
    const out = await runPool(items, 2, async (n, i) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(n);
      inFlight--;
      return `${i}:${n}`;
    });
    // Assess
    expect(out).toEqual(["0:5", "1:1", "2:4", "3:2", "4:3", "5:0"]);
    expect(peak).toBe(2);
  });

  it("handles no items", async () => {
    expect(await runPool([], 10, async () => 1)).toEqual([]);
  });

  it.each([0, -1, 1.5])("rejects concurrency %d", async (n) => {
    await expect(runPool([1], n, async () => 1)).rejects.toThrow(
      `concurrency must be a whole number ≥ 1, got ${n}`,
    );
  });
});
