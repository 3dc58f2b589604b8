import { ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it } from "vitest";
import { embeddedClients } from "../../../../cli/clients.ts";
import { createDrillController, NotRouted } from "../../../../cli/drill/controller.ts";
import { type DrillStack, drillStackOf } from "../../../../cli/drill/stack.ts";
import { deployEmbeddedStack } from "../../../../cli/embedded.ts";
import { DECISIONS_QUEUE } from "../../../../functions/constants.ts";
import { alarmStateChange, instanceStateChange, SIM_ACCOUNT } from "../../../../sim/events.ts";
import { useRegion } from "../../../support/region.ts";

describe("the drill's stack: the deployed template's rules route its events, its queue gives the drill its shape", () => {
  const sim = useRegion();
  let stack: DrillStack;
  beforeEach(async () => {
    await deployEmbeddedStack(sim.region);
    stack = await drillStackOf(sim.region);
    return () => stack.destroy();
  });
  const nodeA = () => sim.region.topology.nodes.A.instanceId;

  it("reads the queue's shape from the deployed queue and its event source mapping", () => {
    // Assess: the numbers serverless.yml deploys (package.test.ts keeps DECISIONS_QUEUE equal to the template)
    expect(stack.queue).toEqual({
      concurrency: DECISIONS_QUEUE.concurrency,
      batchSize: DECISIONS_QUEUE.batchSize,
      visibilitySeconds: DECISIONS_QUEUE.visibilitySeconds,
      maxReceives: DECISIONS_QUEUE.maxReceives,
    });
    expect(stack.alarmPrefix).toBe("eip-failover-dev-status-");
  });

  it("reads them from the deployed resources, not from constants: a queue and mapping changed after the deploy", async () => {
    // Prepare: change the deployed queue and mapping behind the template's back
    const clients = embeddedClients(sim.region, "console");
    try {
      const QueueUrl = (
        await clients.sqs.send(new GetQueueUrlCommand({ QueueName: "eip-failover-dev-decisions" }))
      ).QueueUrl!;
      const redrive = JSON.parse(
        (
          await clients.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["RedrivePolicy"] }),
          )
        ).Attributes!.RedrivePolicy!,
      );
      await clients.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: {
            VisibilityTimeout: "45",
            RedrivePolicy: JSON.stringify({ ...redrive, maxReceiveCount: 5 }),
          },
        }),
      );
      const [mapping] = (await clients.lambda.send(new ListEventSourceMappingsCommand({})))
        .EventSourceMappings!;
      await clients.lambda.send(
        new UpdateEventSourceMappingCommand({
          UUID: mapping!.UUID,
          BatchSize: 4,
          ScalingConfig: { MaximumConcurrency: 3 },
        }),
      );
      // Act
      const changed = await drillStackOf(sim.region);
      changed.destroy();
      // Assess
      expect(changed.queue).toEqual({ concurrency: 3, batchSize: 4, visibilitySeconds: 45, maxReceives: 5 });
    } finally {
      clients.destroy();
    }
  });

  it("an instance stopping reaches the decisions queue in EventBridge's envelope, account included", async () => {
    // Act
    const delivered = await stack.deliver(instanceStateChange({ instanceId: nodeA(), state: "stopped" }));
    // Assess
    expect(delivered).toBeDefined();
    const event = JSON.parse(delivered!.body);
    expect(event).toMatchObject({
      id: delivered!.id,
      account: SIM_ACCOUNT,
      source: "aws.ec2",
      "detail-type": "EC2 Instance State-change Notification",
      detail: { "instance-id": nodeA(), state: "stopped" },
    });
  });

  it("routes nothing the stack's rules do not match: an instance starting, an alarm outside the stack's prefix, an OK alarm", async () => {
    // Act
    const running = await stack.deliver(instanceStateChange({ instanceId: nodeA(), state: "running" }));
    const foreign = await stack.deliver(
      alarmStateChange({ alarmName: `other-stack-status-${nodeA()}`, instanceId: nodeA(), state: "ALARM" }),
    );
    const ok = await stack.deliver(
      alarmStateChange({ alarmName: `${stack.alarmPrefix}${nodeA()}`, instanceId: nodeA(), state: "OK" }),
    );
    const ours = await stack.deliver(
      alarmStateChange({ alarmName: `${stack.alarmPrefix}${nodeA()}`, instanceId: nodeA(), state: "ALARM" }),
    );
    // Assess
    expect([running, foreign, ok]).toEqual([undefined, undefined, undefined]);
    expect(JSON.parse(ours!.body).detail.alarmName).toBe(`${stack.alarmPrefix}${nodeA()}`);
  });

  it("many events at once, routed and not: each gets its own answer (PutEvents and receives in batches of 10)", async () => {
    // Prepare: 23 stopping events, each with one starting event beside it
    const states = Array.from({ length: 46 }, (_, i): "stopped" | "running" =>
      i % 2 === 0 ? "stopped" : "running",
    );
    // Act
    const delivered = await Promise.all(
      states.map((state) => stack.deliver(instanceStateChange({ instanceId: nodeA(), state }))),
    );
    // Assess
    const got = delivered.map((d) => (d ? JSON.parse(d.body).detail.state : undefined));
    expect(got).toEqual(states.map((s) => (s === "stopped" ? "stopped" : undefined)));
    expect(new Set(delivered.flatMap((d) => (d ? [d.id] : []))).size).toBe(23);
  });

  it("the drill's controller runs as many invocations at once as the deployed mapping allows, unless --concurrency says", () => {
    // Prepare: a mapping deployed with 3 (the az-outage timeline names the controller's figure)
    const deployed: DrillStack = { ...stack, queue: { ...stack.queue, concurrency: 3 } };
    // Act
    const asDeployed = createDrillController(sim.region, () => {}, { dryRun: true, stack: deployed });
    const asAsked = createDrillController(sim.region, () => {}, {
      dryRun: true,
      stack: deployed,
      concurrency: 7,
    });
    // Assess
    expect([asDeployed.concurrency, asAsked.concurrency]).toEqual([3, 7]);
  });

  it("the drill's controller answers an event no rule routes with NotRouted, and decides nothing", async () => {
    // Prepare
    const controller = createDrillController(sim.region, () => {}, { dryRun: false, stack });
    // Act
    const answer = await controller.invoke(instanceStateChange({ instanceId: nodeA(), state: "running" }));
    // Assess
    expect("error" in answer && answer.error).toBeInstanceOf(NotRouted);
    expect(controller.stats().invocations).toBe(0);
  });
});
