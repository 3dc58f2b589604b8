import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario membership-change", () => {
  it("a member added to the document gets its status alarm from the change event, without a deploy, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "membership-change", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, addresses: { moved: 0, lost: 0 }, calls: { mutating: 0 } });
    expect(report?.verdict).toMatch(/^nodeC got its alarm eip-failover-dev-status-i-\w+ without a deploy$/);
    // the deployed stack's region has the pair's alarms already (as earlier sweeps left them): only nodeC's is put
    expect(actionsOf(report!, "lambda").filter((a) => a === "PutMetricAlarm")).toHaveLength(1);
  });
});
