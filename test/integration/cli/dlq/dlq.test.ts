import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it } from "vitest";
import { DLQ_CLIENT, listDeadLetters, redriveDeadLetters } from "../../../../cli/dlq/command.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { embeddedSession, type Session } from "../../../../cli/session.ts";
import { DECISIONS_QUEUE } from "../../../../functions/constants.ts";
import { instanceStateChange } from "../../../../sim/events.ts";
import { useRegion } from "../../../support/region.ts";
import { runCli } from "../run-cli.ts";

const count = async (sqs: SQSClient, url: string) =>
  Number(
    (
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages"],
        }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

describe("dlq against the sim: the stack's dead letters listed with their reason, and redriven", () => {
  const sim = useRegion();
  let session: Session;
  beforeEach(async () => {
    await deployClassic(sim.region);
    session = await embeddedSession(sim.region, DLQ_CLIENT);
  });
  const nodes = () => sim.region.topology.nodes;
  const urls = () => ({
    dlq: session.stack.deadLetterQueueUrl as string,
    decisions: session.stack.decisionsQueueUrl as string,
  });

  /** One event EventBridge could not deliver, and one decision SQS dead-lettered after its receives. */
  async function seed() {
    const { sqs } = session.clients;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: urls().dlq,
        MessageBody: JSON.stringify(
          instanceStateChange({ instanceId: nodes().B.instanceId, state: "stopped" }),
        ),
        MessageAttributes: {
          ERROR_CODE: { DataType: "String", StringValue: "SQS_PERMISSION_DENIED" },
          ERROR_MESSAGE: { DataType: "String", StringValue: "denied" },
        },
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: urls().decisions,
        MessageBody: JSON.stringify(
          instanceStateChange({ instanceId: nodes().A.instanceId, state: "stopped" }),
        ),
      }),
    );
    // a decision that fails every time: received and never deleted, until SQS moves it
    for (let i = 0; i <= DECISIONS_QUEUE.maxReceives; i++)
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls().decisions, VisibilityTimeout: 0 }));
  }

  it("lists both, each with what it was about and why, and leaves them in the queue", async () => {
    // Prepare
    await seed();
    // Act
    const letters = await listDeadLetters(session);
    // Assess
    const byAbout = Object.fromEntries(letters.map((l) => [l.about, l.reason]));
    expect(byAbout).toEqual({
      [`${nodes().B.instanceId} stopped (state-change)`]:
        "EventBridge could not deliver it to the decisions queue: SQS_PERMISSION_DENIED denied",
      [`${nodes().A.instanceId} stopped (state-change)`]: expect.stringMatching(
        /^its decision failed on each receive the decisions queue allows/,
      ),
    });
    expect(await count(session.clients.sqs, urls().dlq)).toBe(2);
    expect((await listDeadLetters(session)).length).toBe(2);
  });

  it("redrive: refused, nothing moves; confirmed, each goes back to the decisions queue and leaves the dead-letter queue", async () => {
    await seed();
    const refused = await redriveDeadLetters(session, async () => false);
    expect(refused.redriven).toBe(0);
    expect(await count(session.clients.sqs, urls().dlq)).toBe(2);
    let asked: string | undefined;
    const done = await redriveDeadLetters(session, async (letters, to) => {
      asked = `${letters.length} → ${to}`;
      return true;
    });
    expect(asked).toBe(`2 → ${urls().decisions}`);
    expect(done.redriven).toBe(2);
    expect(await count(session.clients.sqs, urls().dlq)).toBe(0);
    expect(await count(session.clients.sqs, urls().decisions)).toBe(2);
  });
});

describe("npx eip-failover dlq (the command)", () => {
  it("--embedded: says where it looked, the queue is empty, exit 0", async () => {
    const run = await runCli(["dlq", "--embedded"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      "looked at: the embedded region (started for this command; not an AWS account)\n\nthe dead-letter queue is empty\n",
    );
  });

  it("--redrive without a terminal and without --yes: one line, the hint, exit 2, nothing started", async () => {
    const run = await runCli(["dlq", "--embedded", "--redrive"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "eip-failover dlq: --redrive asks before it sends anything, and there is no terminal to ask: add --yes\ntry eip-failover dlq --help\n",
    );
  });

  it("--redrive --yes --json on the embedded region: nothing to redrive, exit 0", async () => {
    const run = await runCli(["dlq", "--embedded", "--redrive", "--yes", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ source: { kind: "embedded" }, deadLetters: [], redriven: 0 });
  });

  it("--help lists every flag", async () => {
    const run = await runCli(["dlq", "--help"]);
    for (const flag of [
      "--redrive",
      "--yes",
      "--json",
      "--region",
      "--stack",
      "--embedded",
      "--live",
      "--help",
    ])
      expect(run.stdout).toContain(flag);
  });
});
