// The SQS side of `dlq`: every message of the dead-letter queue read once, then left visible again or redriven.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** The most messages one listing reads (the queue keeps 14 days; a person reads the first hundreds). */
export const MAX_LISTED = 500;
/** How long the listing hides what it read, so a second receive gives the next ones, not the same again. */
const HIDDEN_SECONDS = 30;

/**
 * Receives every message of `url` (at most {@link MAX_LISTED}), each once: each stays hidden for 30 s while the
 * listing goes on, so the next receive answers the others. The caller gives them back ({@link release}) or
 * redrives them ({@link redrive}).
 */
export async function receiveAll(sqs: SQSClient, url: string): Promise<Message[]> {
  const all = new Map<string, Message>();
  while (all.size < MAX_LISTED) {
    const page = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: HIDDEN_SECONDS,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount", "DeadLetterQueueSourceArn"],
        MessageAttributeNames: ["All"],
      }),
    );
    const fresh = (page.Messages ?? []).filter((m) => m.MessageId && !all.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) all.set(m.MessageId as string, m);
  }
  return [...all.values()];
}

/** Makes the messages a listing read visible again at once (a listing changes nothing but receive counts). */
export async function release(sqs: SQSClient, url: string, messages: readonly Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages
      .slice(i, i + 10)
      .flatMap((m, j) =>
        m.ReceiptHandle ? [{ Id: String(j), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }] : [],
      );
    if (batch.length)
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: batch }));
  }
}

/**
 * Sends each message's body to the decisions queue `to`, then deletes it from the dead-letter queue `from`:
 * sent first, so a failure in between leaves a duplicate (the controller's compare-and-swap makes a second
 * decision about the same failure harmless), never a loss. Its recheck count starts again at 0.
 * Returns how many were redriven; throws on the first that could not be sent.
 */
export async function redrive(
  sqs: SQSClient,
  from: string,
  to: string,
  messages: readonly Message[],
): Promise<number> {
  let moved = 0;
  for (const m of messages) {
    await sqs.send(new SendMessageCommand({ QueueUrl: to, MessageBody: m.Body ?? "" }));
    if (m.ReceiptHandle)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: m.ReceiptHandle }));
    moved++;
  }
  return moved;
}
