// EventBridge's half of the drill: each failure event is put on the region's default bus, and the deployed stack's
// own rules decide whether it reaches the stack's decisions queue (moto routes PutEvents to a rule's SQS target as
// EventBridge does). What arrives there is taken off at once and handed to the drill's event source mapping
// (queue.ts), which models batching, concurrency, retries and dead-lettering in-process. An event that no rule
// routes never arrives, and the drill says so instead of deciding it anyway: a drift between what the drill sends
// and what the stack's rules accept (an alarm name outside the stack's prefix, say) fails the drill.
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** An event as EventBridge delivers it: the envelope's fields the drill sets. */
export interface BusEvent {
  readonly source: string;
  readonly "detail-type": string;
  readonly detail: unknown;
  readonly resources?: readonly string[];
  readonly time?: string;
}

/** What a routed event became: EventBridge's id for it and the message body the decisions queue holds. */
export interface Delivered {
  readonly id: string;
  readonly body: string;
}

/** Puts `event` on the bus; resolves to what the decisions queue received, or undefined when no rule sent it there. */
export type Deliver = (event: BusEvent) => Promise<Delivered | undefined>;

export interface DeliveryOptions {
  readonly events: EventBridgeClient;
  readonly sqs: SQSClient;
  /** The stack's decisions queue. */
  readonly queueUrl: string;
  /** The account the bus belongs to: moto leaves `account` out of what it sends an SQS target. */
  readonly account: string;
}

/** PutEvents takes at most this many entries per call; ReceiveMessage returns at most this many messages. */
const MOST_PER_CALL = 10;

const entryOf = (event: BusEvent): PutEventsRequestEntry => ({
  Source: event.source,
  DetailType: event["detail-type"],
  Detail: JSON.stringify(event.detail),
  Resources: [...(event.resources ?? [])],
  ...(event.time ? { Time: new Date(event.time) } : {}),
});

/**
 * The event a message carries and its id; undefined when the body is not an event. EventBridge's envelope always
 * names the account (its event structure reference); moto's default input template for a target omits it, so it
 * is put back.
 */
const eventOf = (message: Message, account: string): Delivered | undefined => {
  try {
    const event = JSON.parse(message.Body ?? "") as { id?: unknown; account?: unknown };
    if (typeof event.id !== "string") return undefined;
    return { id: event.id, body: JSON.stringify({ account, ...event }) };
  } catch {
    return undefined;
  }
};

/**
 * The bus and the decisions queue of a deployed stack, as one `deliver`. Events put in the same turn of the event
 * loop share PutEvents calls (10 entries each); one drain at a time takes messages off the queue until a receive
 * comes back empty. An event whose PutEvents had returned before such an empty receive began was routed nowhere:
 * EventBridge puts a matched event into an SQS target before PutEvents answers in moto, so it would have been
 * there. A failed call (PutEvents, a refused entry, a receive or delete) rejects the events it concerns.
 *
 * @example
 * const deliver = createDelivery({ events, sqs, queueUrl, account: "123456789012" });
 * await deliver(instanceStateChange({ instanceId, state: "stopped" })); // { id, body } when a rule matched
 */
export function createDelivery(options: DeliveryOptions): Deliver {
  const { events, sqs, queueUrl, account } = options;
  type Settle = (outcome: Delivered | undefined | Error) => void;
  /** Events on the bus not yet seen in the queue: EventBridge id → how many drains had begun when it was put. */
  const waiting = new Map<string, { put: number; settle: Settle }>();
  /**
   * Messages a drain took while their PutEvents was still in flight (the two race: moto puts the message in the
   * queue before it answers). Kept until that PutEvents returns; with none in flight, what is left is no event of
   * ours (a redriven or hand-sent message) and is dropped.
   */
  const arrived = new Map<string, Delivered>();
  const unsent: { event: BusEvent; settle: Settle }[] = [];
  let putting = 0;
  let begun = 0;
  let draining = false;
  let again = false;

  async function putBatch(): Promise<void> {
    const batch = unsent.splice(0, MOST_PER_CALL);
    putting += 1;
    try {
      const out = await events.send(new PutEventsCommand({ Entries: batch.map((b) => entryOf(b.event)) }));
      batch.forEach((b, i) => {
        const entry = out.Entries?.[i];
        const id = entry?.EventId;
        if (!id) {
          const why = `${entry?.ErrorCode ?? "no entry"} ${entry?.ErrorMessage ?? ""}`.trim();
          b.settle(new Error(`PutEvents refused the event: ${why}`));
          return;
        }
        const early = arrived.get(id);
        arrived.delete(id);
        if (early) b.settle(early);
        else waiting.set(id, { put: begun, settle: b.settle });
      });
    } catch (error) {
      for (const b of batch) b.settle(error as Error);
    } finally {
      putting -= 1;
      if (putting === 0) arrived.clear();
    }
    if (waiting.size > 0) void drain();
  }

  async function flush(): Promise<void> {
    while (unsent.length > 0) await putBatch();
  }

  async function drainOnce(): Promise<void> {
    const started = begun++;
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: MOST_PER_CALL,
          WaitTimeSeconds: 0,
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) break;
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      if (deleted.Failed?.length)
        throw new Error(`DeleteMessageBatch failed for ${deleted.Failed.length} message(s) of ${queueUrl}`);
      for (const m of messages) {
        const delivered = eventOf(m, account);
        if (!delivered) continue; // not an event: nothing else sends here in a drill
        const w = waiting.get(delivered.id);
        if (!w) {
          if (putting > 0) arrived.set(delivered.id, delivered);
          continue;
        }
        waiting.delete(delivered.id);
        w.settle(delivered);
      }
    }
    // Waiting since before this drain began, and not in the queue by the time it was empty: no rule routed it.
    for (const [id, w] of waiting)
      if (w.put <= started) {
        waiting.delete(id);
        w.settle(undefined);
      }
  }

  async function drain(): Promise<void> {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        await drainOnce();
      } while (again || waiting.size > 0);
    } catch (error) {
      for (const [id, w] of waiting) {
        waiting.delete(id);
        w.settle(error as Error);
      }
    } finally {
      draining = false;
    }
  }

  return async (event) => {
    const outcome = await new Promise<Delivered | undefined | Error>((settle) => {
      unsent.push({ event, settle });
      if (unsent.length === 1) setImmediate(() => void flush());
    });
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
}
