import { describe, expect, it } from "vitest";
import { callEntry, createRecorder, describeLog, mergeTimeline } from "../../../../cli/drill/timeline.ts";
import type { LogEntry } from "../../../../sim/proxy.ts";

const call = (time: number, over: Partial<LogEntry> = {}): LogEntry => ({
  time,
  service: "ec2",
  action: "AssociateAddress",
  client: "lambda",
  status: 200,
  mutating: true,
  throttled: false,
  faulted: false,
  ...over,
});

describe("timeline", () => {
  it("records entries at the clock's time, in order", () => {
    // Prepare
    let now = 100;
    const recorder = createRecorder(() => now);
    // Act
    recorder.add("drill", "the failure");
    now = 150;
    recorder.add("handler", "moved");
    // Assess
    expect(recorder.entries()).toEqual([
      { at: 100, source: "drill", text: "the failure" },
      { at: 150, source: "handler", text: "moved" },
    ]);
  });

  it.each([
    [call(1), "lambda → AssociateAddress (mutating): 200"],
    [
      call(1, { throttled: true, status: 503 }),
      "lambda → AssociateAddress (mutating): 503 RequestLimitExceeded (throttled)",
    ],
    [call(1, { faulted: true, status: 500 }), "lambda → AssociateAddress (mutating): 500 (injected fault)"],
    [
      call(1, { action: "DescribeAddresses", mutating: false, client: "nodeB" }),
      "nodeB → DescribeAddresses: 200",
    ],
  ])("describes a proxy log entry", (entry, text) => {
    expect(callEntry(entry).text).toBe(text);
    expect(callEntry(entry).source).toBe("aws");
  });

  it("merges decisions and calls by time, decisions first on a tie", () => {
    // Prepare
    const decisions = [
      { at: 10, source: "drill", text: "failure" },
      { at: 30, source: "handler", text: "moved" },
    ] as const;
    // Act
    const merged = mergeTimeline(decisions, [call(30), call(20, { action: "DescribeAddresses" })]);
    // Assess
    expect(merged.map((e) => [e.at, e.source])).toEqual([
      [10, "drill"],
      [20, "aws"],
      [30, "handler"],
      [30, "aws"],
    ]);
  });

  it("writes a log line's fields as key=value, JSON for non-strings, skipping undefined", () => {
    expect(describeLog("moved the address", { cluster: "web", n: 2, gone: undefined, ids: ["a"] })).toBe(
      'moved the address (cluster=web, n=2, ids=["a"])',
    );
    expect(describeLog("plain")).toBe("plain");
  });
});
