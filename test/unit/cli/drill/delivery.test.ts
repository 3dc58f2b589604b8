import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { type BusEvent, createDelivery } from "../../../../cli/drill/delivery.ts";

/** A stopping instance (routed by the fake rule) or a starting one (not routed). */
const event = (instance: string, state: "stopped" | "running"): BusEvent => ({
  source: "aws.ec2",
  "detail-type": "EC2 Instance State-change Notification",
  detail: { "instance-id": instance, state },
});

interface Entry {
  readonly Detail: string;
}

/**
 * EventBridge with one rule (state "stopped" → the queue) and SQS, in memory. Calls can be held at gates, so a test
 * orders PutEvents' answers and receives as a busy machine might: `put` holds PutEvents' answer (its messages are
 * already queued, as moto queues them before it answers); `beforeReceive` holds a receive before it looks at the
 * queue, `afterReceive` after it looked.
 */
function fakeAws() {
  const queue: { MessageId: string; ReceiptHandle: string; Body: string }[] = [];
  let ids = 0;
  const gates: Partial<Record<"put" | "beforeReceive" | "afterReceive", () => Promise<void>>> = {};
  const calls: string[] = [];
  const putFailures: Record<number, { ErrorCode: string; ErrorMessage: string }> = {};
  let failReceive: Error | undefined;
  const events = {
    async send(command: { input: { Entries: Entry[] } }) {
      calls.push("PutEvents");
      const answer = command.input.Entries.map((e, i) => {
        if (putFailures[i]) return putFailures[i];
        const id = `ev-${++ids}`;
        const detail = JSON.parse(e.Detail) as { state: string };
        if (detail.state === "stopped")
          queue.push({
            MessageId: `m-${id}`,
            ReceiptHandle: `r-${id}`,
            Body: JSON.stringify({ id, detail }),
          });
        return { EventId: id };
      });
      await gates.put?.();
      return { Entries: answer };
    },
  };
  const sqs = {
    async send(command: { constructor: { name: string }; input: { Entries?: unknown[] } }) {
      const name = command.constructor.name;
      calls.push(name);
      if (name === "ReceiveMessageCommand") {
        if (failReceive) throw failReceive;
        await gates.beforeReceive?.();
        const messages = queue.splice(0, 10);
        await gates.afterReceive?.();
        return { Messages: messages };
      }
      return { Successful: command.input.Entries, Failed: [] };
    },
  };
  return {
    events: events as unknown as EventBridgeClient,
    sqs: sqs as unknown as SQSClient,
    gates,
    calls,
    putFailures,
    failReceive: (error: Error) => {
      failReceive = error;
    },
  };
}

/** A gate that holds each call until `open()`. */
function gate() {
  let opened!: () => void;
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  return { wait: () => open, open: () => opened() };
}

/** Yields to the event loop until `done()` holds (each turn lets the fakes' calls advance). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error("the fakes never got there");
}

const deliveryOn = (aws: ReturnType<typeof fakeAws>) =>
  createDelivery({ events: aws.events, sqs: aws.sqs, queueUrl: "q", account: "123456789012" });

describe("createDelivery (EventBridge's rules in front of the decisions queue)", () => {
  it("answers a routed event with its queue body, the account put back, and an unrouted one with undefined", async () => {
    // Prepare
    const deliver = deliveryOn(fakeAws());
    // Act
    const [routed, unrouted] = await Promise.all([
      deliver(event("i-1", "stopped")),
      deliver(event("i-2", "running")),
    ]);
    // Assess
    expect(routed?.id).toBe("ev-1");
    expect(JSON.parse(routed!.body)).toEqual({
      account: "123456789012",
      id: "ev-1",
      detail: { "instance-id": "i-1", state: "stopped" },
    });
    expect(unrouted).toBeUndefined();
  });

  it("a message a drain took before its PutEvents answered is still its event's", async () => {
    // Prepare: the first event's drain holds before its receive; the second event is queued, its answer held
    const aws = fakeAws();
    const deliver = deliveryOn(aws);
    const receiving = gate();
    aws.gates.beforeReceive = receiving.wait;
    const first = deliver(event("i-1", "stopped"));
    await until(() => aws.calls.includes("ReceiveMessageCommand"));
    const answering = gate();
    aws.gates.put = answering.wait;
    const second = deliver(event("i-2", "stopped"));
    await until(() => aws.calls.filter((c) => c === "PutEvents").length === 2);
    aws.gates.put = undefined;
    aws.gates.beforeReceive = undefined;
    // Act: the drain takes both messages, then the second PutEvents answers
    receiving.open();
    const one = await first;
    answering.open();
    const two = await second;
    // Assess
    expect([one?.id, two?.id]).toEqual(["ev-1", "ev-2"]);
  });

  it("only a drain that began after an event was put can call it unrouted", async () => {
    // Prepare: the drain for the first event is between receives when the second event's message arrives
    const aws = fakeAws();
    const deliver = deliveryOn(aws);
    let receives = 0;
    const held = gate();
    aws.gates.afterReceive = async () => {
      if (++receives === 2) await held.wait(); // the empty receive that ends the first drain, after it looked
    };
    const first = deliver(event("i-1", "stopped"));
    await until(() => receives === 2);
    const second = deliver(event("i-2", "stopped"));
    await until(() => aws.calls.filter((c) => c === "PutEvents").length === 2);
    await new Promise((resolve) => setImmediate(resolve)); // its answer read: it waits
    // Act
    held.open();
    // Assess
    expect((await first)?.id).toBe("ev-1");
    expect((await second)?.id).toBe("ev-2");
  });

  it("rejects what failed: a refused entry, a failed receive", async () => {
    // Prepare
    const aws = fakeAws();
    aws.putFailures[0] = { ErrorCode: "InternalFailure", ErrorMessage: "try again" };
    const deliver = deliveryOn(aws);
    // Act + Assess
    await expect(deliver(event("i-1", "stopped"))).rejects.toThrow(
      /PutEvents refused the event: InternalFailure/,
    );
    delete aws.putFailures[0];
    aws.failReceive(new Error("connection reset"));
    await expect(deliver(event("i-2", "stopped"))).rejects.toThrow("connection reset");
  });

  it("puts at most 10 events per PutEvents and deletes what it received", async () => {
    // Prepare
    const aws = fakeAws();
    const deliver = deliveryOn(aws);
    // Act
    const out = await Promise.all(Array.from({ length: 25 }, (_, i) => deliver(event(`i-${i}`, "stopped"))));
    // Assess
    expect(out.every((d) => d !== undefined)).toBe(true);
    expect(aws.calls.filter((c) => c === "PutEvents")).toHaveLength(3);
    expect(aws.calls.filter((c) => c === "DeleteMessageBatchCommand").length).toBeGreaterThanOrEqual(3);
  });
});
