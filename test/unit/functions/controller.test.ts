import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { AssociateAddressCommand, EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DOCUMENTED_BUCKETS } from "../../../core/index.ts";
import {
  type ControllerClients,
  createController,
  paceShares,
  SWEEP_SHARE,
} from "../../../functions/controller.ts";
import { readSettings } from "../../../functions/settings.ts";
import { instanceStateChange } from "../../../sim/events.ts";

const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const context = { getRemainingTimeInMillis: () => 60_000 };

/** A client whose requests never leave: `answer` gives each command's output at once; `sent` names them. */
function answering<C extends EC2Client | SSMClient>(client: C, answer: (command: string) => object) {
  const sent: string[] = [];
  // Both clients' stacks take the same middleware; their types only differ in the commands they name.
  (client.middlewareStack as unknown as EC2Client["middlewareStack"]).add(
    (_next, ctx) => async () => {
      const command = ctx.commandName ?? "";
      sent.push(command);
      return { output: { $metadata: {}, ...answer(command) }, response: {} } as never;
    },
    { step: "build", name: "answerAtOnce" },
  );
  return { client, sent };
}

/** One container over clients that answer at once: no cluster documents, sleeps recorded, not waited. */
function setUp(env: Record<string, string> = {}) {
  const ec2 = answering(new EC2Client({ region: "ap-northeast-1", credentials: CREDENTIALS }), () => ({}));
  const ssm = answering(new SSMClient({ region: "ap-northeast-1", credentials: CREDENTIALS }), () => ({
    Parameters: [],
  }));
  const slept: number[] = [];
  const logged: string[] = [];
  const log = (level: string) => (message: string) => logged.push(`${level} ${message}`);
  const clients: ControllerClients = {
    ec2: ec2.client,
    ssm: ssm.client,
    cloudwatch: { send: async () => ({ MetricAlarms: [] }) } as unknown as CloudWatchClient,
    log: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    metrics: { addMetric() {} },
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  const controller = createController(readSettings(env), clients);
  return { controller, ec2, ssm, slept, logged };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("paceShares: one budget of EC2's refill for the queue's containers and the sweep's", () => {
  it.each([
    [1, 0.95],
    [2, 0.475],
    [5, 0.19],
  ])("%i decision container(s) split 95 %%, each %f; the sweep keeps 5 %%", (decisionConcurrency, queue) => {
    const shares = paceShares({ decisionConcurrency });
    expect(shares.queue).toBeCloseTo(queue, 10);
    expect(shares.sweep).toBe(SWEEP_SHARE);
    // all of them together never outrun EC2
    expect(shares.queue * decisionConcurrency + shares.sweep).toBeCloseTo(1, 10);
  });
});

describe("createController: one container, as the Lambda entry, the drill and the CLI build it", () => {
  it("paces the container's EC2 calls to its share of the one budget", async () => {
    // Prepare: time stands still, so every wait is the bucket's alone
    vi.useFakeTimers();
    const { controller, ec2, slept } = setUp({ DECISION_CONCURRENCY: "2" });
    const { capacity, refillPerSecond } = DOCUMENTED_BUCKETS.mutating;
    const share = paceShares({ decisionConcurrency: 2 }).queue;
    const burst = Math.floor((capacity / 2) * share);
    // Act
    for (let i = 0; i <= burst; i++)
      await controller.deps.ec2.send(
        new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }),
      );
    // Assess: the burst passes at once; the next call waits one turn of its share of EC2's refill
    expect(ec2.sent).toHaveLength(burst + 1);
    expect(slept).toEqual([Math.ceil(1000 / (refillPerSecond * share))]);
  });

  it("a container whose first entry is the sweep paces to the sweep's share of the one budget", async () => {
    // Prepare
    vi.useFakeTimers();
    const { controller, ec2, slept } = setUp({ DECISION_CONCURRENCY: "2" });
    const { capacity, refillPerSecond } = DOCUMENTED_BUCKETS.mutating;
    await controller.sweep({}, context);
    const sent = ec2.sent.length;
    const burst = Math.max(2, Math.floor((capacity / 2) * SWEEP_SHARE));
    // Act
    for (let i = 0; i <= burst; i++)
      await controller.deps.ec2.send(
        new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }),
      );
    // Assess: a burst of 2 (one compare-and-swap), then a turn of 5 % of EC2's refill (the queue's: 421 ms)
    expect(ec2.sent.length - sent).toBe(burst + 1);
    expect(slept.at(-1)).toBe(Math.ceil(1000 / (refillPerSecond * SWEEP_SHARE)));
  });

  it("routes a direct invocation: the self-check's exact payload to the self-check, any other event to the decision", async () => {
    // Prepare
    const { controller, ssm } = setUp();
    // Act
    const checked = await controller.handle({ "eip-failover": "self-check", cluster: "web" }, context);
    const decided = await controller.handle(
      instanceStateChange({ instanceId: "i-0aaaaaaaaaaaaaaa1", state: "pending" }),
      context,
    );
    // Assess: the self-check read the documents (and found no cluster web); the decision ignored a start
    expect(checked).toMatchObject({ selfCheck: "web" });
    expect(decided).toMatchObject({ trigger: "ignored", addresses: [], routes: [] });
    expect(ssm.sent).toEqual(["GetParametersByPathCommand"]);
  });

  it("consumes a queue batch: a record it cannot read is dropped, loudly, and not retried", async () => {
    // Prepare
    const { controller, logged } = setUp();
    const batch = { Records: [{ messageId: "m-1", body: "not json", eventSource: "aws:sqs" }] };
    // Act
    const answer = await controller.handle(batch, context);
    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(logged).toContain("warn queue message dropped: its body is not JSON");
  });

  it("reads the cluster documents afresh on every sweep (a change must reach the alarms now)", async () => {
    // Prepare
    const { controller, ssm } = setUp();
    const scheduled = { source: "aws.events", "detail-type": "Scheduled Event" };
    // Act
    await controller.sweep(scheduled, context);
    await controller.sweep(scheduled, context);
    // Assess
    expect(ssm.sent).toEqual(["GetParametersByPathCommand", "GetParametersByPathCommand"]);
  });
});
