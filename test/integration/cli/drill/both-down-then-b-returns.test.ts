import { describe, expect, it } from "vitest";
import { runDrillCli } from "./run-drill.ts";

describe("drill --scenario both-down-then-b-returns", () => {
  it("no standby while both are down; once nodeB starts again the next sweep moves the EIP there, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "both-down-then-b-returns", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      outcomes: { "no-standby": 1, moved: 1 },
      addresses: { moved: 1, lost: 0 },
    });
    expect(report?.newHolder).toMatch(/^nodeB/);
  });
});
