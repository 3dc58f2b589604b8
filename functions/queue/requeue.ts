import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { RECHECKS_ATTRIBUTE, type Requeue } from "./consumer.ts";

/**
 * The deployed {@link Requeue}: the same event body to the decisions queue with `DelaySeconds` (SQS holds the
 * grace window; up to 900 s, above graceSeconds' 600), counting the recheck in a message attribute.
 *
 * @example
 * const requeue = sqsRequeue(new SQSClient({}), settings.decisionsQueueUrl);
 */
export function sqsRequeue(sqs: SQSClient, queueUrl: string | undefined): Requeue {
  return async ({ record, delaySeconds, rechecks }) => {
    if (!queueUrl)
      throw new Error("DECISIONS_QUEUE_URL is not set: cannot send the recheck back to the queue");
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: record.body,
        DelaySeconds: delaySeconds,
        MessageAttributes: { [RECHECKS_ATTRIBUTE]: { DataType: "Number", StringValue: String(rechecks) } },
      }),
    );
  };
}
