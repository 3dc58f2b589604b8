import { describe, expect, it } from "vitest";
import { noticeOfLogEvent } from "../../../../cli/history/notices.ts";
import { historyJson, renderHistory } from "../../../../cli/history/render.ts";
import { failoversOf } from "../../../../cli/history/timeline.ts";
import type { HistoryNotice } from "../../../../cli/history/types.ts";
import type { NoticeDetail } from "../../../../functions/index.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const FAILED = Date.UTC(2026, 11, 6, 17, 0, 0);
const trigger = {
  by: "event",
  instanceId: A,
  cause: "state-change",
  detail: "stopped",
  failedAt: new Date(FAILED).toISOString(),
} as const;

/** A notice about the address (or `over`'s route) of cluster web's failure of A, recorded `at`. */
function notice(at: number, over: Partial<NoticeDetail> & Record<string, unknown> = {}): HistoryNotice {
  return {
    at,
    detail: {
      summary: `web: moved ${ALLOC} (203.0.113.10) from ${A} to ${B}`,
      outcome: "moved",
      cluster: "web",
      allocationId: ALLOC,
      publicIp: "203.0.113.10",
      from: A,
      to: B,
      trigger,
      timings: { eventLagMs: 1_200, graceMs: 30_000, fenceMs: 800, moveMs: 450, reconcileMs: 1_100 },
      ...over,
    } as NoticeDetail,
  };
}

describe("failoversOf: the notices of the history as failover timelines", () => {
  it("a fenced move: trigger, grace, wait, fence, move, reconcile, outcome, each starting where the last ended", () => {
    // Act
    const [failover, ...more] = failoversOf([notice(FAILED + 33_600)]);
    // Assess
    expect(more).toEqual([]);
    expect(failover).toMatchObject({
      cluster: "web",
      failedAt: FAILED,
      endedAt: FAILED + 33_600,
      from: A,
      to: B,
    });
    expect(failover?.outcomes).toEqual(["moved"]);
    expect(failover?.timeline.map((s) => [s.phase, s.at - FAILED, s.ms])).toEqual([
      ["trigger", 0, undefined],
      ["grace", 0, 30_000],
      ["wait", 30_000, 1_200],
      ["fence", 31_200, 800],
      ["move", 32_000, 450],
      ["reconcile", 32_450, 1_100],
      ["outcome", 33_600, undefined],
    ]);
    expect(failover?.timeline[0]?.text).toBe(`${A} failed: EC2 state stopped (decided by the event path)`);
  });

  it("phases that did not run are left out, never shown as 0 ms", () => {
    const [failover] = failoversOf([
      notice(FAILED + 2_000, { timings: { eventLagMs: 900, graceMs: 0, moveMs: 100 } }),
    ]);
    expect(failover?.timeline.map((s) => s.phase)).toEqual(["trigger", "grace", "wait", "move", "outcome"]);
  });

  it("one set's address and route, a retried error and every sweep of a paused failure fall into one failover", () => {
    // Prepare
    const route = {
      destination: "192.168.100.10/32",
      routeTableIds: ["rtb-1", "rtb-2"],
      allocationId: undefined,
      publicIp: undefined,
      summary: "web: moved route 192.168.100.10/32 (rtb-1, rtb-2) from … to …",
      timings: { eventLagMs: 1_200, graceMs: 30_000, fenceMs: 800, moveMs: 700, reconcileMs: 1_100 },
    };
    const error = {
      outcome: "error",
      summary: "web: failed to move … (throttled); retrying",
      to: undefined,
    } as const;
    // Act
    const [failover, ...more] = failoversOf([
      notice(FAILED + 40_000, route),
      notice(FAILED + 33_000, error),
      notice(FAILED + 40_000),
    ]);
    // Assess
    expect(more).toEqual([]);
    expect(failover?.items.map((i) => [i.what, i.outcome, i.notices, i.before])).toEqual([
      [`${ALLOC} (203.0.113.10)`, "moved", 2, ["error"]],
      ["route 192.168.100.10/32 (rtb-1, rtb-2)", "moved", 1, []],
    ]);
    // the move phase lasts as long as the slowest item's, and names each
    expect(failover?.timeline.find((s) => s.phase === "move")).toMatchObject({
      ms: 700,
      text: `${ALLOC} (203.0.113.10) 450 ms; route 192.168.100.10/32 (rtb-1, rtb-2) 700 ms`,
    });
  });

  it("a paused cluster's failover shows what it skipped, and how many sweeps skipped it", () => {
    // Prepare
    const plan = ["DisassociateAddress eipassoc-1", `AssociateAddress ${ALLOC} → instance ${B}`];
    const paused = {
      outcome: "paused",
      plan,
      pausedSince: "2026-12-06T15:00:00.000Z",
      summary: `web: paused since 2026-12-06T15:00:00.000Z: did not move ${ALLOC} off ${A} (would have: ${plan.join("; ")})`,
      trigger: { ...trigger, by: "sweep" },
      timings: { eventLagMs: 60_000, graceMs: 0 },
    } as const;
    // Act
    const [failover] = failoversOf([notice(FAILED + 60_000, paused), notice(FAILED + 120_000, paused)]);
    // Assess
    expect(failover?.outcomes).toEqual(["paused"]);
    expect(failover?.items[0]).toMatchObject({ outcome: "paused", plan, notices: 2 });
    expect(failover?.timeline.at(-1)?.text).toContain(
      "(would have: DisassociateAddress eipassoc-1; AssociateAddress",
    );
    expect(failover?.timeline.at(-1)?.text).toContain(": 2 notices)");
  });

  it("two failures are two failovers, oldest first; a notice naming no failure stands alone, its start its phases back", () => {
    const later = { trigger: { ...trigger, failedAt: new Date(FAILED + 3_600_000).toISOString() } };
    const unnamed = notice(FAILED + 10_000, {
      trigger: undefined,
      timings: { eventLagMs: 500, graceMs: 0, moveMs: 500 },
    });
    const failovers = failoversOf([notice(FAILED + 3_700_000, later), notice(FAILED + 33_600), unnamed]);
    expect(failovers.map((f) => f.failedAt - FAILED)).toEqual([0, 9_000, 3_600_000]);
    expect(failovers[1]?.timeline[0]?.text).toBe("failure (not named by the notice)");
  });
});

describe("noticeOfLogEvent: a log event of the history group", () => {
  const event = (detail: unknown, source = "eip-failover") => ({
    timestamp: FAILED + 0.6,
    message: JSON.stringify({
      source,
      "detail-type": "EIP Failover Moved",
      time: "2026-12-06T17:00:00Z",
      detail,
    }),
  });

  it("reads the EventBridge event EventBridge delivered, stamped to the whole millisecond", () => {
    expect(noticeOfLogEvent(event(notice(0).detail))).toEqual({ at: FAILED + 1, detail: notice(0).detail });
  });

  it.each([
    ["another source", event(notice(0).detail, "aws.ec2")],
    ["no JSON", { timestamp: 1, message: "START RequestId" }],
    ["an outcome that sends no notice", event({ ...notice(0).detail, outcome: "skipped" })],
    ["no timings", event({ ...notice(0).detail, timings: undefined })],
    ["neither address nor route", event({ ...notice(0).detail, allocationId: undefined })],
  ])("skips %s", (_, logEvent) => {
    expect(noticeOfLogEvent(logEvent)).toBeUndefined();
  });
});

describe("renderHistory and historyJson", () => {
  const report = (failovers = failoversOf([notice(FAILED + 33_600)])) => ({
    startTime: FAILED - 86_400_000,
    endTime: FAILED + 60_000,
    since: "1d",
    logGroup: "/aws/events/eip-failover-dev/failovers",
    failovers,
  });

  it("a header with the window and the group, then each failover's timeline, one phase a line", () => {
    expect(renderHistory(report()).split("\n").slice(0, 6)).toEqual([
      "1 failover since 2026-12-05T17:00:00.000Z (1d), from /aws/events/eip-failover-dev/failovers",
      "",
      `web  2026-12-06T17:00:00.000Z  moved  ${A} → ${B}`,
      `  17:00:00.000  trigger               ${A} failed: EC2 state stopped (decided by the event path)`,
      "  17:00:00.000  grace       30000 ms  the grace window, held before acting",
      "  17:00:30.000  wait         1200 ms  from the failure (less the window) to the deciding invocation",
    ]);
    expect(renderHistory({ ...report([]), cluster: "web" })).toBe(
      "no failovers of cluster web since 2026-12-05T17:00:00.000Z (1d), from /aws/events/eip-failover-dev/failovers\n",
    );
  });

  it("JSON carries every time as ISO", () => {
    const json = historyJson(report());
    expect(json).toMatchObject({ since: "2026-12-05T17:00:00.000Z", cluster: null });
    expect(json.failovers[0]).toMatchObject({
      failedAt: "2026-12-06T17:00:00.000Z",
      endedAt: "2026-12-06T17:00:33.600Z",
    });
    expect(json.failovers[0]?.timeline[0]?.at).toBe("2026-12-06T17:00:00.000Z");
  });
});
