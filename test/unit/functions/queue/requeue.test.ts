import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { RECHECKS_ATTRIBUTE } from "../../../../functions/queue/consumer.ts";
import { sqsRequeue } from "../../../../functions/queue/requeue.ts";

const mock = mockClient(SQSClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const sqs = new SQSClient({ region: "ap-northeast-1" });
const URL = "https://sqs.ap-northeast-1.amazonaws.com/123456789012/eip-failover-dev-decisions";
const record = { messageId: "m-1", body: '{"detail-type":"x"}', eventSource: "aws:sqs" };

describe("sqsRequeue: a decision that waits goes back to the decisions queue, delayed", () => {
  beforeEach(() => {
    mock.reset();
    mock.on(SendMessageCommand).resolves({ MessageId: "m-2" });
  });

  it("sends the same body, visible after the wait, counting the recheck in its attribute", async () => {
    // Act
    await sqsRequeue(sqs, URL)({ record, delaySeconds: 42, rechecks: 2 });
    // Assess
    expect(mock.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: URL,
        MessageBody: record.body,
        DelaySeconds: 42,
        MessageAttributes: { [RECHECKS_ATTRIBUTE]: { DataType: "Number", StringValue: "2" } },
      },
    ]);
  });

  it("without a queue URL it sends nothing and says which setting is missing", async () => {
    // Act
    const sent = sqsRequeue(sqs, undefined)({ record, delaySeconds: 42, rechecks: 1 });
    // Assess
    await expect(sent).rejects.toThrow(
      "DECISIONS_QUEUE_URL is not set: cannot send the recheck back to the queue",
    );
    expect(mock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
