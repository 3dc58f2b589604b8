import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario instance-stop (the default, what `npm start` runs)", () => {
  it("moves the EIP from nodeA to nodeB through the real handler and exits 0", async () => {
    // Act
    const { code, report, stderr } = await runDrillCli(["--json"]);
    // Assess
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      scenario: "instance-stop",
      ok: true,
      outcomes: { moved: 1 },
      addresses: { total: 1, moved: 1, lost: 0, onStopped: 0 },
      handlerErrors: 0,
      calls: { mutating: 2, mutatingPerMove: 2 },
    });
    expect(report?.oldHolder).toMatch(/^nodeA \(i-[0-9a-f]+\)$/);
    expect(report?.newHolder).toMatch(/^nodeB \(i-[0-9a-f]+\)$/);
    expect(actionsOf(report!, "lambda")).toEqual([
      "GetParametersByPath",
      "DescribeAddresses",
      "DescribeInstanceStatus",
      "DisassociateAddress",
      "AssociateAddress",
      "PutEvents",
    ]);
    expect(
      report?.timeline.some((e) => e.source === "handler" && e.text.startsWith("moved the address")),
    ).toBe(true);
    // the failover notice the sim's bus received, one line
    expect(report?.timeline.filter((e) => e.source === "notice").map((e) => e.text.split(":")[0])).toEqual([
      "EIP Failover Moved",
    ]);
  });

  it("with --dry-run plans the move, changes nothing and exits 0", async () => {
    const { code, report, stderr } = await runDrillCli([
      "--scenario",
      "instance-stop",
      "--dry-run",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      outcomes: { planned: 1 },
      calls: { mutating: 0 },
    });
    expect(report?.newHolder).toBe(report?.oldHolder);
  });

  it("prints a readable timeline and summary without --json", async () => {
    const { code, stdout } = await runDrillCli([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/timeline \(ms since the failure\)/);
    expect(stdout).toMatch(/\+\s+\d+ ms {2}aws {6}lambda → AssociateAddress \(mutating\): 200/);
    expect(stdout).toMatch(/old holder {7}nodeA/);
    expect(stdout).toMatch(/new holder {7}nodeB/);
    expect(stdout).toMatch(/^PASS: /m);
  });
});
