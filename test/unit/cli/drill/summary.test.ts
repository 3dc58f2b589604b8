import { describe, expect, it } from "vitest";
import { summarize } from "../../../../cli/drill/summary.ts";
import type { AddressCheck, ScenarioRun } from "../../../../cli/drill/types.ts";
import type { LogEntry } from "../../../../sim/proxy.ts";

const call = (action: string, over: Partial<LogEntry> = {}): LogEntry => ({
  time: 0,
  service: "ec2",
  action,
  client: "lambda",
  status: 200,
  mutating: action.startsWith("Associate") || action.startsWith("Disassociate"),
  throttled: false,
  faulted: false,
  ...over,
});

const run = (addresses: AddressCheck[], over: Partial<ScenarioRun> = {}): ScenarioRun => ({
  expectation: "lands on B",
  failureAt: 1_000,
  doneAt: 1_250,
  addresses,
  outcomes: ["moved"],
  handlerErrors: 0,
  verdict: { ok: true, why: "moved" },
  entries: [{ at: 1_010, source: "handler", text: "moved the address" }],
  ...over,
});

const names = { "i-a": "nodeA", "i-b": "nodeB" };

describe("summarize", () => {
  it("reports one move: holders by name, seconds, calls and calls per move", () => {
    // Prepare
    const calls = [
      call("DescribeAddresses", { mutating: false }),
      call("DisassociateAddress"),
      call("AssociateAddress", { throttled: true, status: 503 }),
      call("AssociateAddress"),
    ];
    // Act
    const report = summarize(
      { scenario: "instance-stop", dryRun: false },
      run([
        { cluster: "web", allocationId: "eipalloc-1", before: "i-a", after: "i-b", afterState: "running" },
      ]),
      calls,
      names,
    );
    // Assess
    expect(report).toMatchObject({
      ok: true,
      oldHolder: "nodeA (i-a)",
      newHolder: "nodeB (i-b)",
      seconds: 0.25,
      addresses: { total: 1, moved: 1, lost: 0, onStopped: 0 },
      outcomes: { moved: 1 },
      calls: {
        total: 4,
        mutating: 2,
        throttled: 1,
        byAction: { DescribeAddresses: 1, DisassociateAddress: 1, AssociateAddress: 2 },
        mutatingPerMove: 2,
      },
    });
    expect(report.timeline).toEqual([{ ms: 10, source: "handler", text: "moved the address" }]);
  });

  it("counts lost addresses and addresses left on stopped instances; no moves means no per-move figure", () => {
    const report = summarize(
      { scenario: "both-down", dryRun: false },
      run([
        { cluster: "a", allocationId: "eipalloc-1", before: "i-a", after: undefined, afterState: undefined },
        { cluster: "b", allocationId: "eipalloc-2", before: "i-c", after: "i-c", afterState: "stopped" },
      ]),
      [],
      {},
    );
    expect(report.addresses).toEqual({ total: 2, moved: 0, lost: 1, onStopped: 1 });
    expect(report.calls.mutatingPerMove).toBeUndefined();
    expect(report.oldHolder).toBe("2 addresses on 2 instance(s)");
    expect(report.newHolder).toBe("2 addresses on 2 instance(s)");
  });

  it("counts route entries beside addresses, and names a routes-only fleet by its route entries", () => {
    // Prepare: one entry moved, one lost (no route left), one still on the stopped holder
    const entry = (routeTableId: string, after: string | undefined, afterState?: string) => ({
      cluster: "az-0001",
      destination: "192.168.1.1/32",
      routeTableId,
      before: "i-a",
      after,
      afterState,
    });
    // Act
    const report = summarize(
      { scenario: "az-outage", dryRun: false },
      run([], {
        routes: [
          entry("rtb-1", "i-c", "running"),
          entry("rtb-2", undefined),
          entry("rtb-3", "i-a", "stopped"),
        ],
      }),
      [call("ReplaceRoute", { mutating: true })],
      {},
    );
    // Assess
    expect(report.routes).toEqual({ total: 3, moved: 1, lost: 1, onStopped: 1 });
    // The summary agrees with itself: an entry moved, so there is a figure per move (one ReplaceRoute)
    expect(report.calls.mutatingPerMove).toBe(1);
    expect(report.addresses).toEqual({ total: 0, moved: 0, lost: 0, onStopped: 0 });
    expect(report.oldHolder).toBe("3 route entries on 1 instance(s)");
    expect(report.newHolder).toBe("3 route entries on 3 instance(s)");
  });

  it("leaves route counts out when the scenario has no routes", () => {
    const report = summarize({ scenario: "instance-stop", dryRun: false }, run([]), [], {});
    expect(report).not.toHaveProperty("routes");
  });

  it("names an unknown instance by id and an unassociated address as nobody", () => {
    const report = summarize(
      { scenario: "instance-stop", dryRun: true },
      run(
        [
          {
            cluster: "web",
            allocationId: "eipalloc-1",
            before: "i-x",
            after: undefined,
            afterState: undefined,
          },
        ],
        {
          verdict: { ok: false, why: "lost" },
        },
      ),
      [],
      names,
    );
    expect(report).toMatchObject({
      ok: false,
      verdict: "lost",
      dryRun: true,
      oldHolder: "i-x",
      newHolder: "nobody",
    });
  });
});
