import { describe, expect, it } from "vitest";
import { DETAIL_TYPES, NOTICE_SOURCE, noticeOf } from "../../../../functions/notices/notice.ts";
import type { AddressOutcome, AddressReport, RouteReport } from "../../../../functions/types.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const timings = { eventLagMs: 1_200, graceMs: 30_000, fenceMs: 800, moveMs: 450, reconcileMs: 1_100 };
const report = (result: AddressOutcome, over: Partial<AddressReport> = {}): AddressReport => ({
  cluster: "web",
  allocationId: ALLOC,
  publicIp: "203.0.113.10",
  from: A,
  to: B,
  timings,
  result,
  ...over,
});

describe("noticeOf: the failover notice of one decision", () => {
  it.each([
    ["moved", { outcome: "moved", from: A, to: B }, "EIP Failover Moved"],
    ["no-standby", { outcome: "no-standby", reason: "no member is running" }, "EIP Failover No Standby"],
    ["fencing-failed", { outcome: "fencing-failed", reason: "stop refused" }, "EIP Failover Fencing Failed"],
    ["conflict", { outcome: "conflict", holder: "instance i-0ccccccccccccccc1" }, "EIP Failover Conflict"],
    [
      "error",
      { outcome: "error", kind: "permission", errorReason: "permission", reason: "not authorized" },
      "EIP Failover Error",
    ],
    [
      "paused",
      { outcome: "paused", plan: ["AssociateAddress …"], since: "2026-12-06T15:00:00.000Z" },
      "EIP Failover Paused",
    ],
  ] as const)("%s → detail-type '%s'", (outcome, result, detailType) => {
    // Act
    const notice = noticeOf(report(result));
    // Assess
    expect(notice?.detailType).toBe(detailType);
    expect(notice?.detail).toMatchObject({ outcome, cluster: "web", allocationId: ALLOC, from: A, to: B });
  });

  it.each([
    ["skipped", { outcome: "skipped", reason: "already handled" }],
    ["waiting", { outcome: "waiting", until: 0, reason: "grace" }],
    ["planned (a dry run moves nothing)", { outcome: "planned", plan: ["AssociateAddress …"] }],
  ] as const)("%s → no notice", (_, result) => {
    expect(noticeOf(report(result))).toBeUndefined();
  });

  it("has one detail-type per outcome that sends one, all distinct, under the source eip-failover", () => {
    expect(Object.keys(DETAIL_TYPES).sort()).toEqual(
      ["conflict", "error", "fencing-failed", "moved", "no-standby", "paused"].sort(),
    );
    expect(new Set(Object.values(DETAIL_TYPES)).size).toBe(6);
    expect(NOTICE_SOURCE).toBe("eip-failover");
  });

  it("a paused cluster's notice carries the plan it skipped and since when it is paused", () => {
    // Prepare
    const since = "2026-12-06T15:00:00.000Z";
    const plan = ["DisassociateAddress eipassoc-1", `AssociateAddress ${ALLOC} → instance ${B}`];
    // Act
    const notice = noticeOf(report({ outcome: "paused", plan, since }));
    // Assess
    expect(notice?.detail).toMatchObject({ outcome: "paused", plan, pausedSince: since });
    expect(notice?.detail.summary).toBe(
      `web: paused since ${since}: did not move ${ALLOC} (203.0.113.10) off ${A} (would have: ${plan.join("; ")})`,
    );
  });

  it("a move carries the cluster, the address, from, to, the reconcile command and every phase's timing", () => {
    const notice = noticeOf(report({ outcome: "moved", from: A, to: B, commandId: "cmd-1" }));
    expect(notice?.detail).toEqual({
      summary: `web: moved ${ALLOC} (203.0.113.10) from ${A} to ${B}`,
      outcome: "moved",
      cluster: "web",
      allocationId: ALLOC,
      publicIp: "203.0.113.10",
      from: A,
      to: B,
      commandId: "cmd-1",
      timings: { eventLagMs: 1_200, graceMs: 30_000, fenceMs: 800, moveMs: 450, reconcileMs: 1_100 },
    });
  });

  it.each([
    [
      "event",
      { instanceId: A, cause: "state-change", detail: "stopped", at: Date.UTC(2026, 11, 6, 17, 0, 2) },
    ],
    ["sweep", { instanceId: A, cause: "alarm", detail: "status checks impaired", at: 0 }],
  ] as const)(
    "names the failure it answers, decided by the %s path, at AWS's time of it (ISO)",
    (by, failure) => {
      // Act
      const notice = noticeOf(report({ outcome: "moved", from: A, to: B }), { by, failure });
      // Assess
      expect(notice?.detail.trigger).toEqual({
        by,
        instanceId: A,
        cause: failure.cause,
        detail: failure.detail,
        failedAt: new Date(failure.at).toISOString(),
      });
    },
  );

  it.each([
    [{ instanceId: A, state: "pending" }, `; started ${A} again (pending): it rejoins as the standby`],
    [
      { instanceId: A, failed: "InsufficientInstanceCapacity happened" },
      `; ${A} was not started again (InsufficientInstanceCapacity happened): it stays stopped`,
    ],
  ])("fencing 'reboot': a move says the fenced member's start, %j", (restart, says) => {
    const notice = noticeOf(report({ outcome: "moved", from: A, to: B, restart }));
    expect(notice?.detail.summary).toBe(`web: moved ${ALLOC} (203.0.113.10) from ${A} to ${B}${says}`);
    expect(notice?.detail.restart).toEqual(restart);
  });

  it("phases that did not run are left out of the timings, never reported as 0", () => {
    const short = { eventLagMs: 300, graceMs: 0 };
    const notice = noticeOf(
      report({ outcome: "no-standby", reason: "none" }, { timings: short, to: undefined }),
    );
    expect(notice?.detail.timings).toEqual(short);
    expect(notice?.detail).not.toHaveProperty("to");
    expect(JSON.parse(JSON.stringify(notice?.detail)).timings).toEqual(short);
  });

  it("each kind says why it did not move, and the holder of a conflict", () => {
    expect(
      noticeOf(report({ outcome: "no-standby", reason: "no member of web is running" }))?.detail,
    ).toMatchObject({
      reason: "no member of web is running",
      summary: `web: could not move ${ALLOC} (203.0.113.10) off ${A}: no standby`,
    });
    expect(noticeOf(report({ outcome: "fencing-failed", reason: "stop refused" }))?.detail).toMatchObject({
      reason: "stop refused",
      summary: `web: did not move ${ALLOC} (203.0.113.10) off ${A}: fencing failed`,
    });
    expect(noticeOf(report({ outcome: "conflict", holder: "instance i-0c" }))?.detail).toMatchObject({
      holder: "instance i-0c",
      summary: `web: did not move ${ALLOC} (203.0.113.10): instance i-0c took it after the controller looked`,
    });
  });

  it("an error says whether the decisions queue retries it (judge's table), by its reason", () => {
    const error = (errorReason: string) =>
      noticeOf(report({ outcome: "error", kind: "x", errorReason, reason: "why" }))?.detail;
    expect(error("throttled")).toMatchObject({ errorReason: "throttled", retrying: true, reason: "why" });
    expect(error("throttled")?.summary).toContain("; retrying");
    expect(error("permission")).toMatchObject({
      retrying: false,
      summary: `web: failed to move ${ALLOC} (203.0.113.10) (permission)`,
    });
    expect(error("unexpected")).toMatchObject({ retrying: false });
  });

  it("an address never looked at is named by its allocation id alone, from nobody", () => {
    const notice = noticeOf(
      report(
        { outcome: "error", kind: "transient", errorReason: "deadline", reason: "late" },
        { publicIp: undefined, from: undefined, to: undefined },
      ),
    );
    expect(notice?.detail).not.toHaveProperty("publicIp");
    expect(notice?.detail).not.toHaveProperty("from");
    expect(notice?.detail.summary).toBe(`web: failed to move ${ALLOC} (deadline); retrying`);
  });
});

describe("noticeOf: an orphan's move", () => {
  it("an address EC2 had detached moves from nobody, to the standby the outcome names", () => {
    const notice = noticeOf(report({ outcome: "moved", to: B }, { from: undefined }));
    expect(notice?.detail.summary).toBe(`web: moved ${ALLOC} (203.0.113.10) from nobody to ${B}`);
    expect(notice?.detail).not.toHaveProperty("from");
  });
});

describe("noticeOf: a route's notice carries its destination and tables instead of an allocation id", () => {
  const DEST = "192.168.100.10/32";
  const RTB = ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0bbbbbbbbbbbbbbb1"];
  const route = (result: AddressOutcome): RouteReport => ({
    cluster: "web",
    destination: DEST,
    routeTableIds: RTB,
    from: A,
    to: B,
    tables: [
      { routeTableId: RTB[0] as string, seen: "network interface eni-0aaaaaaaaaaaaaaa1", done: "replaced" },
      {
        routeTableId: RTB[1] as string,
        seen: "network interface eni-0aaaaaaaaaaaaaaa1",
        done: "conflict",
        now: "network interface eni-0ccccccccccccccc1",
      },
    ],
    timings,
    result,
  });

  it("moved: the same detail-type as an address, naming the route and its tables", () => {
    // Act
    const notice = noticeOf(route({ outcome: "moved", from: A, to: B, commandId: "cmd-1" }));
    // Assess
    expect(notice?.detailType).toBe(DETAIL_TYPES.moved);
    expect(notice?.detail).toEqual({
      summary: `web: moved route ${DEST} (${RTB.join(", ")}) from ${A} to ${B}`,
      outcome: "moved",
      cluster: "web",
      destination: DEST,
      routeTableIds: RTB,
      tables: route({ outcome: "skipped", reason: "" }).tables,
      from: A,
      to: B,
      commandId: "cmd-1",
      timings,
    });
    expect(notice?.detail).not.toHaveProperty("allocationId");
  });

  it("a route never read has no tables to tell, and says none", () => {
    const notice = noticeOf({
      ...route({ outcome: "error", kind: "transient", errorReason: "deadline", reason: "late" }),
      tables: undefined,
    });
    expect(notice?.detail).not.toHaveProperty("tables");
    expect(notice?.detail).toMatchObject({ destination: DEST, routeTableIds: RTB });
  });

  it("conflict: says which table someone else changed, and where it sends the route now", () => {
    const holder = `${RTB[1]} → network interface eni-0ccccccccccccccc1`;
    const notice = noticeOf(route({ outcome: "conflict", holder }));
    expect(notice?.detailType).toBe(DETAIL_TYPES.conflict);
    expect(notice?.detail.summary).toBe(
      `web: did not move route ${DEST} (${RTB.join(", ")}) where someone else changed it after the controller looked (${holder})`,
    );
    expect(notice?.detail.holder).toBe(holder);
  });
});
