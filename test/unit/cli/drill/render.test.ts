import { describe, expect, it } from "vitest";
import { renderReport, timelineLine } from "../../../../cli/drill/render.ts";
import type { DrillReport } from "../../../../cli/drill/summary.ts";

const report = (over: Partial<DrillReport> = {}): DrillReport => ({
  scenario: "instance-stop",
  dryRun: false,
  ok: true,
  verdict: "failed over",
  expectation: "the EIP lands on nodeB",
  oldHolder: "nodeA (i-a)",
  newHolder: "nodeB (i-b)",
  seconds: 0.0394,
  addresses: { total: 1, moved: 1, lost: 0, onStopped: 0 },
  outcomes: { moved: 1 },
  handlerErrors: 0,
  calls: {
    total: 4,
    mutating: 2,
    throttled: 0,
    byAction: { DescribeAddresses: 2, AssociateAddress: 1, DisassociateAddress: 1 },
    mutatingPerMove: 2,
  },
  timeline: [
    { ms: -5, source: "drill", text: "EIP on nodeA" },
    { ms: 12.4, source: "aws", text: "lambda → AssociateAddress (mutating): 200" },
  ],
  ...over,
});

describe("renderReport", () => {
  it("lines up ms since the failure, source and text; negative before the failure", () => {
    expect(timelineLine({ ms: 12.4, source: "aws", text: "x" })).toBe("+     12 ms  aws      x");
    expect(timelineLine({ ms: -5, source: "drill", text: "y" })).toBe("-      5 ms  drill    y");
  });

  it("prints the timeline, the summary and a PASS verdict", () => {
    // Act
    const text = renderReport(report());
    // Assess
    expect(text.split("\n")[0]).toBe(
      "eip-failover drill: instance-stop on the embedded region (started for this command; not an AWS account)",
    );
    expect(text).toContain("+     12 ms  aws      lambda → AssociateAddress (mutating): 200");
    expect(text).toContain("  old holder       nodeA (i-a)");
    expect(text).toContain("  new holder       nodeB (i-b)");
    expect(text).toContain("  seconds          0.039 (failure → last decision)");
    expect(text).toContain(
      "  by action        AssociateAddress 1, DescribeAddresses 2, DisassociateAddress 1",
    );
    expect(text).toContain("  mutating / move  2.00");
    expect(text).toContain("PASS: failed over");
  });

  it("says FAIL, dry run and n/a when nothing moved", () => {
    const text = renderReport(
      report({
        ok: false,
        verdict: "not moved",
        dryRun: true,
        calls: { ...report().calls, mutatingPerMove: undefined },
      }),
    );
    expect(text).toContain("instance-stop (dry run)");
    expect(text).toContain("n/a (nothing moved)");
    expect(text).toContain("FAIL: not moved");
  });

  it("cuts a long timeline in the middle and says how much", () => {
    const timeline = Array.from({ length: 100 }, (_, i) => ({ ms: i, source: "aws", text: `call ${i}` }));
    const text = renderReport(report({ timeline }), 10);
    expect(text).toContain("call 4\n");
    expect(text).toContain("… 90 more lines (--json has them all) …");
    expect(text).toContain("call 95\n");
    expect(text).not.toContain("call 50\n");
  });
});
