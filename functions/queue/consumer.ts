import type { LambdaContextLike } from "../event/failover.ts";
import type { FailoverReport, Log } from "../types.ts";

/** The part of an SQS record (Lambda's event source mapping) the consumer reads. */
export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
  readonly eventSource?: string;
  readonly messageAttributes?: Readonly<Record<string, { readonly stringValue?: string } | undefined>>;
}

/** What the event source mapping hands the Lambda. */
export interface QueueBatch {
  readonly Records: readonly QueueRecord[];
}

/** The partial batch response (ReportBatchItemFailures): these records stay in the queue to be retried. */
export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** One record's decision: the report, or what the decision threw. */
export type Answer = { readonly report: FailoverReport } | { readonly error: unknown };

/** How many times one event is sent back to wait out its grace window at most; dropped after that many. */
export const MAX_RECHECKS = 3;

/** The message attribute counting how many times an event was sent back to wait out its grace window. */
export const RECHECKS_ATTRIBUTE = "rechecks";

/** Sends `record`'s event back to the queue, visible after `delaySeconds`, as its `rechecks`-th recheck. */
export type Requeue = (recheck: {
  readonly record: QueueRecord;
  readonly delaySeconds: number;
  readonly rechecks: number;
}) => Promise<void>;

/** Whether a Lambda event is a batch from an SQS event source mapping (not a direct invocation). */
export function isQueueBatch(event: unknown): event is QueueBatch {
  const records = (event as { Records?: unknown } | null)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => (r as QueueRecord | null)?.eventSource === "aws:sqs")
  );
}

/** How many rechecks a record is already on (0 for an event EventBridge delivered). */
export function rechecksOf(record: QueueRecord): number {
  const n = Number(record.messageAttributes?.[RECHECKS_ATTRIBUTE]?.stringValue ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The decisions queue's consumer: decides every record of a batch (together; the paced EC2 client takes their
 * calls in turn). A decision that must wait out a grace window is sent back to the queue with that delay, so
 * no invocation waits; a record whose decision throws (a transient AWS failure) or cannot be sent back is
 * reported as a batch item failure, and SQS retries it after the visibility timeout, then dead-letters it.
 * `answered` sees each record's decision (the drill reads its reports there).
 *
 * @example
 * const consume = createQueueConsumer(failover, requeue, log);
 * await consume(batch, context) // { batchItemFailures: [] }
 */
export function createQueueConsumer(
  decide: (event: unknown, context: LambdaContextLike) => Promise<FailoverReport>,
  requeue: Requeue,
  log: Log,
  answered: (record: QueueRecord, answer: Answer) => void = () => {},
) {
  async function one(record: QueueRecord, context: LambdaContextLike): Promise<boolean> {
    let event: unknown;
    try {
      event = JSON.parse(record.body);
    } catch {
      log.warn("queue message dropped: its body is not JSON", { messageId: record.messageId });
      return true;
    }
    let report: FailoverReport;
    try {
      report = await decide(event, context);
      answered(record, { report });
    } catch (error) {
      answered(record, { error });
      log.warn("decision failed; the queue retries it", {
        messageId: record.messageId,
        error: String(error),
      });
      return false;
    }
    if (report.recheckInSeconds === undefined) return true;
    const rechecks = rechecksOf(record);
    if (rechecks >= MAX_RECHECKS) {
      log.error(`the controller still asked to wait after ${MAX_RECHECKS} rechecks; event dropped`, {
        messageId: record.messageId,
      });
      return true;
    }
    try {
      await requeue({ record, delaySeconds: report.recheckInSeconds, rechecks: rechecks + 1 });
      return true;
    } catch (error) {
      log.warn("could not send the recheck; the queue retries the record", {
        messageId: record.messageId,
        error: String(error),
      });
      return false;
    }
  }

  return async function consume(batch: QueueBatch, context: LambdaContextLike): Promise<BatchResponse> {
    const done = await Promise.all(batch.Records.map((r) => one(r, context)));
    return {
      batchItemFailures: batch.Records.filter((_, i) => !done[i]).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    };
  };
}
