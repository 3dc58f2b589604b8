import { describe, expect, it } from "vitest";
import { runDrillCli } from "./run-drill.ts";

describe("drill --scenario both-down", () => {
  it("reports no healthy standby, moves nothing, and exits 0 because that is the expected outcome", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "both-down", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      outcomes: { "no-standby": 1 },
      addresses: { moved: 0, lost: 0 },
      calls: { mutating: 0 },
    });
    expect(report?.newHolder).toBe(report?.oldHolder);
    expect(report?.verdict).toMatch(/no healthy standby/);
    expect(report?.timeline.filter((e) => e.source === "notice").map((e) => e.text)).toEqual([
      expect.stringMatching(/^EIP Failover No Standby: web: could not move eipalloc-\w+ .* no standby/),
    ]);
  });
});
