import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deadlineIn } from "../../../../core/index.ts";
import { noticeOf } from "../../../../functions/notices/notice.ts";
import {
  announce,
  entriesOf,
  PUT_EVENTS_MAX_ENTRIES,
  putEntries,
} from "../../../../functions/notices/put-notices.ts";
import type { AddressReport, Deps } from "../../../../functions/types.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const T = Date.parse("2026-11-30T01:00:00Z");
const moved = (i: number): AddressReport => ({
  cluster: `c${i}`,
  allocationId: ALLOC,
  from: "i-0aaaaaaaaaaaaaaa1",
  to: "i-0bbbbbbbbbbbbbbb1",
  timings: { eventLagMs: 10, graceMs: 0, moveMs: 20 },
  result: { outcome: "moved", from: "i-0aaaaaaaaaaaaaaa1", to: "i-0bbbbbbbbbbbbbbb1" },
});
const skipped: AddressReport = {
  cluster: "web",
  allocationId: ALLOC,
  timings: { eventLagMs: 0, graceMs: 0 },
  result: { outcome: "skipped", reason: "already handled" },
};

const mock = mockClient(EventBridgeClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const events = new EventBridgeClient({ region: "ap-northeast-1" });
const logs: { message: string; extra?: Record<string, unknown> }[] = [];
const metrics: [string, number][] = [];
const deps = (withEvents = true): Deps => ({
  ec2: {} as Deps["ec2"],
  ssm: {} as Deps["ssm"],
  ...(withEvents ? { events } : {}),
  log: {
    debug() {},
    info() {},
    warn() {},
    error: (message, extra) => void logs.push({ message, ...(extra ? { extra } : {}) }),
  },
  metrics: { addMetric: (name, _unit, value) => void metrics.push([name, value]) },
  clock: () => T,
  sleep: async () => {},
  dryRun: false,
});

describe("failover notices onto EventBridge", () => {
  beforeEach(() => {
    mock.reset();
    logs.length = 0;
    metrics.length = 0;
  });

  it("an entry is the default bus, source eip-failover, the detail-type, the detail as JSON, the decision's time", () => {
    const notice = noticeOf(moved(1));
    if (!notice) throw new Error("a move has a notice");
    expect(entriesOf([notice], T)).toEqual([
      {
        EventBusName: "default",
        Source: "eip-failover",
        DetailType: "EIP Failover Moved",
        Detail: JSON.stringify(notice.detail),
        Time: new Date(T),
      },
    ]);
  });

  it("puts at most 10 entries per call: 23 notices → calls of 10, 10 and 3", async () => {
    // Prepare
    mock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })),
    }));
    // Act
    await announce(
      deps(),
      Array.from({ length: 23 }, (_, i) => moved(i)),
      deadlineIn(5_000),
    );
    // Assess
    const sizes = mock.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length);
    expect(sizes).toEqual([10, 10, 3]);
    expect(PUT_EVENTS_MAX_ENTRIES).toBe(10);
    expect(metrics).toEqual([]);
  });

  it("sends nothing when every decision was 'nothing to do', or when no bus client is given", async () => {
    await announce(deps(), [skipped], deadlineIn(5_000));
    await announce(deps(false), [moved(1)], deadlineIn(5_000));
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it("entries EventBridge refuses are named by their error code, the rest count as sent", async () => {
    mock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: "e0" }, { ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
    });
    const entries = entriesOf(
      [moved(1), moved(2)].flatMap((r) => noticeOf(r) ?? []),
      T,
    );
    const failed = await putEntries(events, entries, AbortSignal.timeout(5_000));
    expect(failed).toEqual(["EIP Failover Moved: InternalFailure try again"]);
  });

  it("a PutEvents failure never turns the decision into a failure: logged, counted, not thrown", async () => {
    // Prepare
    mock
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error("AccessDenied"), { name: "AccessDeniedException" }));
    // Act
    await expect(announce(deps(), [moved(1), moved(2)], deadlineIn(5_000))).resolves.toBeUndefined();
    // Assess
    expect(metrics).toEqual([["NoticesFailed", 2]]);
    expect(logs).toEqual([
      {
        message: "failover notices not sent: the decisions stand",
        extra: { failed: ["EIP Failover Moved: AccessDenied", "EIP Failover Moved: AccessDenied"] },
      },
    ]);
  });
});
