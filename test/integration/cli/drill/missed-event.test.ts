import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario missed-event", () => {
  it("the event is lost; the sweep moves the EIP to nodeB by compare-and-swap once the grace window passed, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "missed-event", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, outcomes: { moved: 1 }, addresses: { moved: 1, lost: 0 } });
    expect(report?.newHolder).toMatch(/^nodeB/);
    const lambda = actionsOf(report!, "lambda");
    expect(lambda.filter((a) => a === "AssociateAddress")).toHaveLength(1);
    expect(lambda).toContain("DescribeInstances"); // the failure dated by A's state transition
    expect(report?.timeline.some((e) => /the event is lost/.test(e.text))).toBe(true);
    expect(report?.timeline.some((e) => /failover event|failure event/.test(e.text))).toBe(false);
  });
});
