import { describe, expect, it } from "vitest";
import { runDrillCli } from "./run-drill.ts";

describe("drill --scenario az-outage (small, scaled throttling)", () => {
  it("moves every cluster's EIP to its AZ-c node through throttling, nothing lost, exit 0", async () => {
    // Prepare: buckets at a tenth of EC2's (mutating: 5 burst, 0.5/s), so 3 moves (6 calls) must be throttled.
    const args = [
      "--scenario",
      "az-outage",
      "--clusters",
      "3",
      "--throttling",
      "scaled",
      "--throttle-factor",
      "0.1",
    ];
    // Act
    const { code, report, stderr } = await runDrillCli([...args, "--json"]);
    // Assess
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      outcomes: { moved: 3 },
      addresses: { total: 3, moved: 3, lost: 0, onStopped: 0 },
      handlerErrors: 0,
      calls: { mutating: 6, mutatingPerMove: 2 },
    });
    expect(report?.calls.throttled).toBeGreaterThan(0);
    expect(stderr).toMatch(/\[#+\] 100% 3\/3/);
  });
});
