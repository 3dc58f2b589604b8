import { describe, expect, it } from "vitest";
import { actionsOf, runDrillCli } from "./run-drill.ts";

describe("drill --scenario status-alarm", () => {
  it("fences nodeA (StopInstances) before moving the EIP to nodeB, exit 0", async () => {
    const { code, report, stderr } = await runDrillCli(["--scenario", "status-alarm", "--json"]);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      outcomes: { moved: 1 },
      addresses: { moved: 1, lost: 0, onStopped: 0 },
      calls: { mutating: 3 },
    });
    const calls = actionsOf(report!, "lambda");
    expect(calls.indexOf("StopInstances")).toBeGreaterThan(-1);
    expect(calls.indexOf("StopInstances")).toBeLessThan(calls.indexOf("DisassociateAddress"));
    expect(report?.newHolder).toMatch(/^nodeB/);
    // the 2025 way: no OS shutdown to wait for (fence_aws's default), and the timeline says so
    expect(
      report?.timeline.some(
        (e) =>
          e.source === "handler" &&
          e.text.startsWith("fenced the failed instance") &&
          e.text.includes("stop=SkipOsShutdown+Force"),
      ),
    ).toBe(true);
  });
});
