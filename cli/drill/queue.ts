import type { BatchResponse, QueueBatch, QueueRecord } from "../../functions/index.ts";
import { RECHECKS_ATTRIBUTE } from "../../functions/index.ts";
import type { InvocationStats } from "./types.ts";

/** The decisions queue and its event source mapping as deployed, for the drill: what it needs to know. */
export interface QueueModelOptions {
  /** MaximumConcurrency: invocations at once; each runs in its own container `slot` (0-based). */
  readonly concurrency: number;
  readonly batchSize: number;
  /** A record its invocation reported as failed is received again after this long. */
  readonly visibilityMs: number;
  /** After this many failed receives a record goes to the dead-letter queue. */
  readonly maxReceives: number;
  readonly invoke: (slot: number, batch: QueueBatch) => Promise<BatchResponse>;
  /** A record left the queue: deleted after its invocation succeeded with it, or dead-lettered. */
  readonly settled?: (messageId: string, how: "deleted" | "dead-lettered") => void;
  readonly clock?: () => number;
}

/** What the event source mapping spent: invocations, the most at once, and their summed duration. */
export type QueueStats = InvocationStats;

export interface QueueModel {
  /** Sends a message (visible after `delayMs`); returns its message id. */
  send(body: string, options?: { delayMs?: number; rechecks?: number }): string;
  stats(): QueueStats;
  /** Stops polling and drops delayed messages. */
  stop(): void;
}

/**
 * SQS plus Lambda's event source mapping, in-process: messages wait their delay, at most `concurrency`
 * invocations poll batches of up to `batchSize` visible messages, records reported as failed come back after
 * the visibility timeout, and after `maxReceives` failures they are dead-lettered. Timers are real: the drill
 * and the storm measure this in wall time.
 */
export function createQueueModel(options: QueueModelOptions): QueueModel {
  const clock = options.clock ?? Date.now;
  const ready: QueueRecord[] = [];
  const receives = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const idle: (() => void)[] = [];
  let stopped = false;
  let next = 0;
  let active = 0;
  const stats = { invocations: 0, peakConcurrent: 0, invocationMs: 0, deadLettered: 0 };

  const later = (ms: number, then: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      then();
    }, ms);
    timer.unref(); // a drill that has its answers does not wait for stray retries
    timers.add(timer);
  };
  const visible = (record: QueueRecord) => {
    ready.push(record);
    idle.shift()?.();
  };

  async function poll(slot: number): Promise<void> {
    while (!stopped) {
      if (ready.length === 0) {
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      const batch = ready.splice(0, options.batchSize);
      active += 1;
      stats.invocations += 1;
      stats.peakConcurrent = Math.max(stats.peakConcurrent, active);
      const t0 = clock();
      let failed: Set<string>;
      try {
        const answer = await options.invoke(slot, { Records: batch });
        failed = new Set(answer.batchItemFailures.map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(batch.map((r) => r.messageId)); // a failed invocation fails its whole batch
      }
      stats.invocationMs += clock() - t0;
      active -= 1;
      for (const record of batch) {
        if (!failed.has(record.messageId)) {
          options.settled?.(record.messageId, "deleted");
          continue;
        }
        const n = (receives.get(record.messageId) ?? 0) + 1;
        receives.set(record.messageId, n);
        if (n < options.maxReceives) later(options.visibilityMs, () => visible(record));
        else {
          stats.deadLettered += 1;
          options.settled?.(record.messageId, "dead-lettered");
        }
      }
    }
  }
  for (let slot = 0; slot < options.concurrency; slot++) void poll(slot);

  return {
    send(body, { delayMs = 0, rechecks = 0 } = {}) {
      const record: QueueRecord = {
        messageId: `m-${++next}`,
        body,
        eventSource: "aws:sqs",
        ...(rechecks > 0
          ? { messageAttributes: { [RECHECKS_ATTRIBUTE]: { stringValue: String(rechecks) } } }
          : {}),
      };
      if (delayMs > 0) later(delayMs, () => visible(record));
      else visible(record);
      return record.messageId;
    },
    stats: () => ({ ...stats }),
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of idle.splice(0)) wake();
    },
  };
}
