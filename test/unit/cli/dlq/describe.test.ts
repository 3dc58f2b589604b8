import { describe, expect, it } from "vitest";
import { parseDlqArgs } from "../../../../cli/dlq/command.ts";
import { deadLetterOf, renderDeadLetters } from "../../../../cli/dlq/describe.ts";
import { instanceStateChange } from "../../../../sim/events.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const SENT = Date.parse("2026-12-06T15:00:00.000Z");
const stopped = JSON.stringify(instanceStateChange({ instanceId: A, state: "stopped" }));

describe("deadLetterOf: what a dead letter was about and why it is there (pure)", () => {
  it("a decision SQS dead-lettered after its receives: the instance, its state, and the source queue", () => {
    // Act
    const letter = deadLetterOf({
      MessageId: "m1",
      Body: stopped,
      Attributes: {
        SentTimestamp: String(SENT),
        ApproximateReceiveCount: "4",
        DeadLetterQueueSourceArn: "arn:aws:sqs:ap-northeast-1:123456789012:eip-failover-dev-decisions",
      },
    });
    // Assess
    expect(letter).toEqual({
      messageId: "m1",
      sentAt: "2026-12-06T15:00:00.000Z",
      receives: 4,
      about: `${A} stopped (state-change)`,
      reason:
        "its decision failed on each receive the decisions queue allows (eip-failover-dev-decisions): the failover function's log names each error",
      body: stopped,
    });
  });

  it("an event EventBridge could not deliver: its error code and message", () => {
    const letter = deadLetterOf({
      MessageId: "m2",
      Body: stopped,
      MessageAttributes: {
        ERROR_CODE: { DataType: "String", StringValue: "SQS_PERMISSION_DENIED" },
        ERROR_MESSAGE: { DataType: "String", StringValue: "access denied" },
      },
    });
    expect(letter.reason).toBe(
      "EventBridge could not deliver it to the decisions queue: SQS_PERMISSION_DENIED access denied",
    );
    expect(letter.sentAt).toBeUndefined();
  });

  it("a body that is no failure event says so, in the controller's own words", () => {
    expect(deadLetterOf({ MessageId: "m3", Body: "not json" }).about).toMatch(
      /^not a failure event \(malformed: /,
    );
  });

  it("renders one line per letter with its reason under it, or says the queue is empty", () => {
    expect(renderDeadLetters([])).toBe("the dead-letter queue is empty\n");
    const text = renderDeadLetters([
      deadLetterOf({ MessageId: "m1", Body: stopped, Attributes: { SentTimestamp: String(SENT) } }),
    ]);
    expect(text.split("\n")[0]).toBe("1 dead-lettered decision:");
    expect(text.split("\n")[1]).toBe(`2026-12-06T15:00:00.000Z  m1  ${A} stopped (state-change)`);
  });

  it("--yes without --redrive is a usage error", () => {
    expect(() => parseDlqArgs(["--yes"])).toThrow("--yes applies only to --redrive (a listing asks nothing)");
    expect(parseDlqArgs(["--redrive", "-y", "--embedded"])).toEqual({
      redrive: true,
      yes: true,
      json: false,
      where: { live: false },
    });
  });
});
