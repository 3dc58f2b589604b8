// The pure part of `dlq`: what a dead-lettered message is about and why it is there, in one line.
import type { Message } from "@aws-sdk/client-sqs";
import { parseTrigger } from "../../functions/event/trigger.ts";

/** One dead-lettered message, as `dlq` lists it. */
export interface DeadLetter {
  readonly messageId: string;
  /** When it was first sent (to the decisions queue, or by EventBridge), ISO; undefined when SQS did not say. */
  readonly sentAt?: string;
  /** How many times SQS handed it out, in both queues (this listing's receive included). */
  readonly receives?: number;
  /** What the decision was about: `i-… stopped (state-change)`, or why the body is not a failure event. */
  readonly about: string;
  /** Why it is dead-lettered. */
  readonly reason: string;
  /** The message body as sent: what a redrive sends back to the decisions queue. */
  readonly body: string;
}

/** The queue's name in an SQS ARN (`arn:aws:sqs:region:account:name`). */
const queueOf = (arn: string) => arn.split(":").pop() ?? arn;

/**
 * A dead-lettered message in words: the failure it is about (the controller's own parser reads the body) and
 * why it is here: EventBridge could not deliver it (its ERROR_CODE and ERROR_MESSAGE attributes), or its
 * decision failed on every receive the decisions queue allows (SQS's redrive: DeadLetterQueueSourceArn, or no
 * EventBridge attributes). Pure.
 *
 * @example
 * deadLetterOf({ MessageId: "m1", Body: JSON.stringify(stoppedEvent), Attributes: { ApproximateReceiveCount: "4" } })
 * // { messageId: "m1", about: "i-0a… stopped (state-change)", reason: "its decision failed on each of its receives …", … }
 */
export function deadLetterOf(message: Message): DeadLetter {
  const body = message.Body ?? "";
  const attributes = message.Attributes ?? {};
  const sent = Number(attributes.SentTimestamp);
  const receives = Number(attributes.ApproximateReceiveCount);
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    event = undefined;
  }
  const trigger = parseTrigger(event);
  const about =
    trigger.kind === "failure"
      ? `${trigger.instanceId} ${trigger.detail} (${trigger.cause})`
      : `not a failure event (${trigger.kind}: ${trigger.reason})`;
  const code = message.MessageAttributes?.ERROR_CODE?.StringValue;
  const source = attributes.DeadLetterQueueSourceArn;
  const reason = code
    ? `EventBridge could not deliver it to the decisions queue: ${code}${message.MessageAttributes?.ERROR_MESSAGE?.StringValue ? ` ${message.MessageAttributes.ERROR_MESSAGE.StringValue}` : ""}`
    : `its decision failed on each receive the decisions queue allows${source ? ` (${queueOf(source)})` : ""}: the failover function's log names each error`;
  return {
    messageId: message.MessageId ?? "",
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
    ...(Number.isFinite(receives) && receives > 0 ? { receives } : {}),
    about,
    reason,
    body,
  };
}

/** The listing: one line per message, or the line that says the queue is empty. Pure. */
export function renderDeadLetters(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return "the dead-letter queue is empty\n";
  const lines = letters.map((l) => `${l.sentAt ?? "(unsent?)"}  ${l.messageId}  ${l.about}\n    ${l.reason}`);
  return `${letters.length} dead-lettered decision${letters.length === 1 ? "" : "s"}:\n${lines.join("\n")}\n`;
}
