import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario pacemaker (the built agent, as Pacemaker runs it)", () => {
  it("stop on nodeA then start on nodeB moves the EIP, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "pacemaker", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, outcomes: { moved: 1 }, addresses: { moved: 1, lost: 0 } });
    // A's stop hands the address over (no mutating call: Pacemaker passes no target-role Stopped for a move), and
    // B's one AssociateAddress takes it from A: it never points nowhere.
    expect(actionsOf(report!, "nodeA")).toEqual(["DescribeAddresses"]);
    // B's monitor right after its own start reads once more when its first read still shows A (the sim's lag;
    // agent/ocf/lag.ts): one read or two, never another call.
    const b = actionsOf(report!, "nodeB");
    expect(b.slice(0, 3)).toEqual(["DescribeAddresses", "AssociateAddress", "DescribeAddresses"]);
    expect(b.slice(3)).toEqual(b.length > 3 ? ["DescribeAddresses"] : []);
    expect(actionsOf(report!, "lambda")).toEqual([]);
    expect(report?.timeline.filter((e) => e.source === "agent" && /→ OCF_SUCCESS/.test(e.text))).toHaveLength(
      3,
    );
  });
});
