import { describe, expect, it } from "vitest";
import {
  createQueueConsumer,
  isQueueBatch,
  type QueueRecord,
  RECHECKS_ATTRIBUTE,
  type Requeue,
  rechecksOf,
} from "../../../../functions/queue/consumer.ts";
import type { FailoverReport, Log } from "../../../../functions/types.ts";
import { instanceStateChange } from "../../../../sim/events.ts";
import { MAX_RECHECKS } from "../../../support/recheck.ts";

const EVENT = instanceStateChange({ instanceId: "i-0aaaaaaaaaaaaaaa1", state: "stopped" });
const context = { getRemainingTimeInMillis: () => 60_000 };
const decided: FailoverReport = { trigger: "failure", addresses: [], routes: [], invalidClusters: 0 };
const waiting = (seconds: number): FailoverReport => ({ ...decided, recheckInSeconds: seconds });

function record(id: string, over: Partial<QueueRecord> = {}): QueueRecord {
  return { messageId: id, body: JSON.stringify(EVENT), eventSource: "aws:sqs", ...over };
}
const onRecheck = (n: number) => ({
  messageAttributes: { [RECHECKS_ATTRIBUTE]: { stringValue: String(n) } },
});

/** A consumer over scripted answers (by message id), recording what it sent back and logged. */
function consumerWith(answers: Record<string, FailoverReport | Error>, requeueFails = false) {
  const requeued: Parameters<Requeue>[0][] = [];
  const logs: string[] = [];
  const log: Log = {
    debug: () => {},
    info: () => {},
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  let current = "";
  const consume = createQueueConsumer(
    async () => {
      const answer = answers[current];
      if (answer instanceof Error) throw answer;
      return answer ?? decided;
    },
    async (recheck) => {
      if (requeueFails) throw new Error("SQS unavailable");
      requeued.push(recheck);
    },
    log,
  );
  // one record at a time, so the scripted decide knows which record it answers
  const run = async (records: QueueRecord[]) => {
    const failures: string[] = [];
    for (const r of records) {
      current = r.messageId;
      const answer = await consume({ Records: [r] }, context);
      failures.push(...answer.batchItemFailures.map((f) => f.itemIdentifier));
    }
    return failures;
  };
  return { consume, run, requeued, logs };
}

describe("createQueueConsumer: the decisions queue's consumer", () => {
  it("deletes a decided record and sends a waiting one back, delayed until its window ends", async () => {
    // Prepare
    const { run, requeued } = consumerWith({ late: waiting(27) });
    // Act
    const failures = await run([record("done"), record("late")]);
    // Assess
    expect(failures).toEqual([]);
    expect(requeued).toEqual([{ record: record("late"), delaySeconds: 27, rechecks: 1 }]);
  });

  it("counts the rechecks in the message, and drops an event still waiting after MAX_RECHECKS, loudly", async () => {
    const { run, requeued, logs } = consumerWith({ second: waiting(3), last: waiting(3) });
    const failures = await run([record("second", onRecheck(1)), record("last", onRecheck(MAX_RECHECKS))]);
    expect(failures).toEqual([]);
    expect(requeued.map((r) => r.rechecks)).toEqual([2]);
    expect(logs).toEqual([
      `error the controller still asked to wait after ${MAX_RECHECKS} rechecks; event dropped`,
    ]);
  });

  it("reports a record whose decision threw as a batch item failure, and only that one", async () => {
    const { consume } = consumerWith({});
    const failing = createQueueConsumer(
      async (event) => {
        if ((event as { id?: string }).id === "boom") throw new Error("RequestLimitExceeded");
        return decided;
      },
      async () => {},
      { debug() {}, info() {}, warn() {}, error() {} },
    );
    const answer = await failing(
      { Records: [record("ok"), record("bad", { body: JSON.stringify({ ...EVENT, id: "boom" }) })] },
      context,
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
    expect(await consume({ Records: [record("ok")] }, context)).toEqual({ batchItemFailures: [] });
  });

  it("keeps a waiting record in the queue when it cannot be sent back", async () => {
    const { run, logs } = consumerWith({ late: waiting(5) }, true);
    expect(await run([record("late")])).toEqual(["late"]);
    expect(logs).toEqual(["warn could not send the recheck; the queue retries the record"]);
  });

  it("drops a body that is not JSON (no retry can fix it), saying so", async () => {
    const { run, logs } = consumerWith({});
    expect(await run([record("junk", { body: "{not json" })])).toEqual([]);
    expect(logs).toEqual(["warn queue message dropped: its body is not JSON"]);
  });
});

describe("isQueueBatch and rechecksOf", () => {
  it("tells a batch from the event source mapping from a directly invoked event", () => {
    expect(isQueueBatch({ Records: [record("m")] })).toBe(true);
    expect(isQueueBatch(EVENT)).toBe(false);
    expect(isQueueBatch({ Records: [] })).toBe(false);
    expect(isQueueBatch({ Records: [{ eventSource: "aws:s3" }] })).toBe(false);
    expect(isQueueBatch(null)).toBe(false);
  });

  it.each([
    [undefined, 0],
    ["2", 2],
    ["-1", 0],
    ["x", 0],
  ])("rechecks attribute %s → %i", (value, n) => {
    const r = record(
      "m",
      value === undefined ? {} : { messageAttributes: { [RECHECKS_ATTRIBUTE]: { stringValue: value } } },
    );
    expect(rechecksOf(r)).toBe(n);
  });
});
