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

  it("with --routes 2x3 moves every cluster's overlay routes in every shared table to its AZ-c node: one ReplaceRoute per entry", async () => {
    // Prepare: 3 clusters, each 2 overlay routes (no EIP) in the fleet's 3 route tables: 18 route entries
    const args = ["--scenario", "az-outage", "--clusters", "3", "--routes", "2x3", "--json"];
    // Act
    const { code, report, stderr } = await runDrillCli(args);
    // Assess
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      outcomes: { moved: 6 },
      addresses: { total: 0 },
      routes: { total: 18, moved: 18, lost: 0, onStopped: 0 },
      handlerErrors: 0,
      // the summary agrees with itself: 18 entries moved, one mutating call each (not "nothing moved")
      calls: { mutating: 18, mutatingPerMove: 1 },
    });
    expect(report?.calls.byAction).toMatchObject({ ReplaceRoute: 18 });
    expect(report?.calls.byAction).not.toHaveProperty("AssociateAddress");
  });

  it("paces a burst of decisions to EC2's documented refill: few throttled answers per accepted mutating call", async () => {
    // Prepare: 40 clusters need 80 mutating calls, 30 more than EC2's mutating burst of 50, through the
    // decisions queue with 4 containers at once (one per batch of 10), each pacing to its quarter of the refill
    const args = ["--scenario", "az-outage", "--clusters", "40", "--concurrency", "4", "--json"];
    // Act
    const { code, report, stderr } = await runDrillCli(args);
    // Assess: every address moved, and EC2 refused at most 0.2 calls per accepted mutating call (counts only)
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      addresses: { total: 40, moved: 40, lost: 0, onStopped: 0 },
      calls: { mutating: 80 },
    });
    expect(report?.invocations?.peakConcurrent).toBeLessThanOrEqual(4);
    expect(report?.calls.throttled).toBeLessThanOrEqual(0.2 * 80);
  }, 300_000);
});
