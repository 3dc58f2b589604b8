import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario grace", () => {
  it("the agent on nodeB moves the EIP inside the grace window and the controller stands down, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "grace", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, outcomes: { skipped: 1 }, addresses: { moved: 1, lost: 0 } });
    expect(report?.newHolder).toMatch(/^nodeB/);
    expect(actionsOf(report!, "nodeB")).toContain("AssociateAddress");
    const lambda = actionsOf(report!, "lambda");
    expect(lambda).not.toContain("AssociateAddress");
    expect(lambda).not.toContain("DisassociateAddress");
    expect(
      report?.timeline.some((e) => e.source === "handler" && /within the grace period/.test(e.text)),
    ).toBe(true);
    // the drill measures how soon after the window's end the recheck answered (reported, not asserted)
    expect(
      report?.timeline.some((e) =>
        /^the recheck answered -?\d+\.\d s after the grace window ended/.test(e.text),
      ),
    ).toBe(true);
  });
});
