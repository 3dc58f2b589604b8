import { type EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { start } from "../../../agent/eip/actions.ts";
import { parseConfig } from "../../../agent/eip/config.ts";
import { stop } from "../../../agent/eip/stop.ts";
import { deadlineIn, locate } from "../../../core/index.ts";
import { createController } from "../../../functions/controller.ts";
import { readSettings } from "../../../functions/settings.ts";
import type { NodeName } from "../../../sim/constants.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import type { Region } from "../../../sim/region.ts";
import { CONFIG_PREFIX, classicCluster, putCluster } from "../../support/controller.ts";
import { useRegion } from "../../support/region.ts";

// Random interleavings, at the granularity of single AWS calls, of: Pacemaker taking over on B (agent
// start), Pacemaker releasing on A (agent stop), node A failing, and duplicated, delayed, reordered Lambda
// invocations for that failure.
type Call = {
  seq: number;
  actor: string;
  action: string;
  ok: boolean;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
};
const COMMANDS = ["startB", "stopA", "failA", "lambda", "lambda", "lambda-dup"] as const;
type Command = (typeof COMMANDS)[number];

function scheduledClient(client: EC2Client, actor: string, s: fc.Scheduler, calls: Call[]): EC2Client {
  const send = client.send.bind(client) as (c: unknown, o?: unknown) => Promise<Record<string, unknown>>;
  const wrapped = async (
    command: { constructor: { name: string }; input: Record<string, unknown> },
    options?: unknown,
  ) => {
    const action = command.constructor.name.replace(/Command$/, "");
    await s.schedule(Promise.resolve(), `${actor} ${action}`);
    try {
      const output = await send(command, options);
      calls.push({ seq: calls.length, actor, action, ok: true, input: command.input, output });
      return output;
    } catch (error) {
      calls.push({ seq: calls.length, actor, action, ok: false, input: command.input });
      throw error;
    }
  };
  (client as unknown as { send: typeof wrapped }).send = wrapped;
  return client;
}

function agentContext(region: Region, node: NodeName, ec2: EC2Client, env: Record<string, string> = {}) {
  const n = region.topology.nodes[node];
  return {
    ec2,
    config: parseConfig({ OCF_RESKEY_allocation_id: region.topology.eip.allocationId, ...env }),
    identity: {
      instanceId: n.instanceId,
      region: "ap-northeast-1",
      availabilityZone: n.availabilityZone,
      macAddress: n.macAddress,
      networkInterfaceId: n.networkInterfaceId,
      networkInterfaceIds: [n.networkInterfaceId],
    },
    deadline: deadlineIn(20_000),
  };
}

describe("races (fast-check scheduler against moto)", () => {
  const sim = useRegion();

  it("exactly one holder at the end; the Lambda never overrides a later move; at most one Lambda move per failure", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.subarray([...COMMANDS], { minLength: 2 }), async (s, commands) => {
        runs++;
        const region = sim.region;
        await region.reset();
        await putCluster(region, "web", classicCluster(region));
        const calls: Call[] = [];
        const { A, B } = region.topology.nodes;
        const lambdaEc2 = scheduledClient(region.ec2("lambda"), "lambda", s, calls);
        const ssm = region.ssm("lambda");
        // The controller as the Lambda entry assembles it, on the scheduled client; no notices are sent.
        const { failover } = createController(
          { ...readSettings({}), configPrefix: CONFIG_PREFIX, configCacheMs: 60_000 },
          {
            ec2: lambdaEc2,
            ssm,
            cloudwatch: region.cloudwatch("lambda"),
            log: { debug() {}, info() {}, warn() {}, error() {} },
            metrics: { addMetric() {} },
            sleep: async () => {},
          },
        );
        const event = instanceStateChange({ instanceId: A.instanceId, state: "stopped" });
        const run = (c: Command): Promise<unknown> => {
          switch (c) {
            case "startB":
              return start(
                agentContext(region, "B", scheduledClient(region.ec2("nodeB"), "nodeB", s, calls)),
              );
            case "stopA": {
              // The stop that may detach: a disabled resource's (a stop that hands over makes no mutating call).
              const client = scheduledClient(region.ec2("nodeA"), "nodeA", s, calls);
              return stop(agentContext(region, "A", client, { OCF_RESKEY_CRM_meta_target_role: "Stopped" }));
            }
            case "failA":
              return scheduledClient(region.ec2("console"), "console", s, calls).send(
                new StopInstancesCommand({ InstanceIds: [A.instanceId] }),
              );
            case "lambda":
            case "lambda-dup":
              return failover(c === "lambda" ? event : { ...event }, {
                getRemainingTimeInMillis: () => 30_000,
              });
          }
        };
        let settled = false;
        const done = Promise.allSettled(commands.map(run)).then(() => {
          settled = true;
        });
        // Calls are scheduled as real I/O completes, so keep releasing until every command has settled.
        while (!settled) {
          await s.waitAll();
          await new Promise((r) => setTimeout(r, 2));
        }
        await done;

        const eip = await locate(
          region.truth,
          { allocationId: region.topology.eip.allocationId },
          { deadline: deadlineIn(5_000) },
        );
        const ok = (actor: string, action: string) =>
          calls.filter((c) => c.actor === actor && c.action === action && c.ok);
        // At most one Lambda move per failure, however many (duplicate) invocations: replaying the calls that
        // took effect, a Lambda associate that changed the holder happens once at most (two duplicates may
        // both claim an orphaned address for the same standby; the second changes nothing).
        let holder: unknown = A.instanceId;
        let lambdaMoves = 0;
        for (const c of calls.filter((c) => c.ok)) {
          if (c.action === "DisassociateAddress") holder = undefined;
          if (c.action !== "AssociateAddress") continue;
          if (c.actor === "lambda" && c.input.InstanceId !== holder) lambdaMoves++;
          holder = c.input.InstanceId;
        }
        expect(lambdaMoves).toBeLessThanOrEqual(1);
        // The Lambda never overrides a move made after its observation: between its last observation and its
        // associate, no agent association to another holder took effect. (moto, unlike EC2, lets an associate
        // without reassociation land on the instance that already holds the address: same holder, no fight.)
        for (const assoc of ok("lambda", "AssociateAddress")) {
          const observed = ok("lambda", "DescribeAddresses")
            .filter((c) => c.seq < assoc.seq)
            .at(-1);
          const agentMoves = calls.filter(
            (c) =>
              c.ok &&
              c.actor.startsWith("node") &&
              c.action === "AssociateAddress" &&
              c.seq > (observed?.seq ?? -1) &&
              c.seq < assoc.seq &&
              c.input.InstanceId !== assoc.input.InstanceId,
          );
          expect(agentMoves).toEqual([]);
        }
        // Exactly one holder at the end whenever something was meant to take over: node B.
        if (
          commands.includes("startB") ||
          (commands.some((c) => c.startsWith("lambda")) &&
            ok("lambda", "AssociateAddress").length + ok("nodeB", "AssociateAddress").length > 0)
        )
          expect(eip.association?.instanceId).toBe(B.instanceId);
        if (commands.includes("startB")) expect(eip.association?.instanceId).toBe(B.instanceId);
        // The allocation is never given back.
        expect(eip.allocationId).toBe(region.topology.eip.allocationId);
      }),
      { numRuns: 25, timeout: 30_000 },
    );
    expect(runs).toBe(25);
  }, 240_000);
});
