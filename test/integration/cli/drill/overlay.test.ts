import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario overlay (the EIP and the overlay route 192.168.100.10/32 as one set)", () => {
  it("fences nodeA once and lands the EIP and both route entries on nodeB, one Moved per item, exit 0", async () => {
    // Act
    const { code, report, stderr } = await runDrillCli(["--scenario", "overlay", "--json"]);
    // Assess: the final state as moto has it
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      scenario: "overlay",
      ok: true,
      outcomes: { moved: 2 },
      addresses: { total: 1, moved: 1, lost: 0, onStopped: 0 },
      routes: { total: 2, moved: 2, lost: 0, onStopped: 0 },
      handlerErrors: 0,
    });
    expect(report?.newHolder).toMatch(/^nodeB \(i-[0-9a-f]+\)$/);
    const moto = report!.timeline.filter((e) => e.text.startsWith("moto says: 192.168.100.10/32"));
    expect(moto).toHaveLength(2);
    for (const line of moto) expect(line.text).toMatch(/ → nodeB \(eni-[0-9a-f]+\)$/);
    // one fence, one standby: the controller's calls, in order
    const calls = actionsOf(report!, "lambda");
    expect(calls.filter((a) => a === "StopInstances")).toHaveLength(1);
    expect(calls.slice(calls.indexOf("StopInstances"))).toEqual([
      "StopInstances",
      "DisassociateAddress",
      "AssociateAddress",
      "DescribeRouteTables",
      "ReplaceRoute",
      "ReplaceRoute",
      "PutEvents",
    ]);
    // one Moved set: a Moved notice for the address and one for the route, both nodeA → nodeB
    const notices = report!.timeline.filter((e) => e.source === "notice").map((e) => e.text);
    expect(notices).toHaveLength(2);
    const fromTo = notices.map((n) => {
      expect(n).toMatch(/^EIP Failover Moved: web: moved /);
      return /from (i-[0-9a-f]+) to (i-[0-9a-f]+)/.exec(n)?.slice(1);
    });
    expect(new Set(fromTo.map(String)).size).toBe(1);
    expect(report?.oldHolder).toContain(fromTo[0]![0]);
    expect(report?.newHolder).toContain(fromTo[0]![1]);
  });

  it("with --dry-run plans the fence and the set's move and changes nothing", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "overlay", "--dry-run", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      outcomes: { planned: 2 },
      addresses: { total: 1, moved: 0 },
      routes: { total: 2, moved: 0, lost: 0 },
      calls: { mutating: 0 },
    });
  });
});
