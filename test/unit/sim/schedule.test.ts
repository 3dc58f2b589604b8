import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parameterStoreChange, type ScheduledEvent, startSchedule } from "../../../sim/schedule.ts";

describe("startSchedule: an EventBridge schedule rule firing in this process", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("hands its target a Scheduled Event every period, the first one period after the start, without waiting for the last", async () => {
    // Prepare
    const seen: ScheduledEvent[] = [];
    const pending: (() => void)[] = [];
    const target = (e: ScheduledEvent) => {
      seen.push(e);
      return new Promise<void>((resolve) => pending.push(resolve));
    };
    const rule = startSchedule({ ruleName: "sweep", periodMs: 60_000, target, clock: () => 0 });
    // Act
    await vi.advanceTimersByTimeAsync(59_999);
    const before = rule.fired();
    await vi.advanceTimersByTimeAsync(60_001);
    // Assess: two firings although the first target never finished
    expect(before).toBe(0);
    expect(rule.fired()).toBe(2);
    expect(seen[0]).toMatchObject({
      source: "aws.events",
      "detail-type": "Scheduled Event",
      resources: ["arn:aws:events:ap-northeast-1:123456789012:rule/sweep"],
      time: "1970-01-01T00:00:00Z",
    });
    const stopped = rule.stop();
    for (const release of pending) release();
    await stopped;
  });

  it("stops firing once stopped, and a target that throws does not stop the rule", async () => {
    const target = vi.fn(async () => {
      throw new Error("boom");
    });
    const rule = startSchedule({ ruleName: "sweep", periodMs: 1_000, target });
    await vi.advanceTimersByTimeAsync(2_000);
    await rule.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(target).toHaveBeenCalledTimes(2);
  });
});

describe("parameterStoreChange: SSM's event for a changed parameter", () => {
  it("names the parameter in its detail and its ARN, as AWS documents it", () => {
    const event = parameterStoreChange({ name: "/eip-failover/clusters/web", operation: "Update", time: 0 });
    expect(event).toMatchObject({
      source: "aws.ssm",
      "detail-type": "Parameter Store Change",
      resources: ["arn:aws:ssm:ap-northeast-1:123456789012:parameter/eip-failover/clusters/web"],
      detail: { operation: "Update", name: "/eip-failover/clusters/web", type: "String" },
    });
  });
});
