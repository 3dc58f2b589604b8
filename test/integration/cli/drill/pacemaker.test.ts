import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario pacemaker (the built agent, as Pacemaker runs it)", () => {
  it("stop on nodeA then start on nodeB moves the EIP, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "pacemaker", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, outcomes: { moved: 1 }, addresses: { moved: 1, lost: 0 } });
    expect(actionsOf(report!, "nodeA")).toEqual(["DescribeAddresses", "DisassociateAddress"]);
    // B's start is one look and one AssociateAddress. Its monitor then reads once; when that read still shows A
    // (the sim's EC2 lags 1–3 s, and the monitor runs right after the start), the agent confirms it with one more
    // read after api_lag, since its own AssociateAddress answered otherwise. Whether the first read lagged depends
    // on the drawn lag and the machine's speed, so one or two reads, and nothing else.
    const [look, associate, ...monitor] = actionsOf(report!, "nodeB");
    expect([look, associate]).toEqual(["DescribeAddresses", "AssociateAddress"]);
    expect(monitor).toEqual(
      monitor.length === 1 ? ["DescribeAddresses"] : ["DescribeAddresses", "DescribeAddresses"],
    );
    expect(actionsOf(report!, "lambda")).toEqual([]);
    expect(report?.timeline.filter((e) => e.source === "agent" && /→ OCF_SUCCESS/.test(e.text))).toHaveLength(
      3,
    );
  });
});
