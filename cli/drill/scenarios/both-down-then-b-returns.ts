import { StartInstancesCommand } from "@aws-sdk/client-ec2";
import type { SweepReport } from "../../../functions/index.ts";
import { scheduledEvent } from "../../../sim/schedule.ts";
import { putCluster } from "../../harness/index.ts";
import { stopInstances } from "../world.ts";
import { CLASSIC_CLUSTER, checkClassic, classicDoc, type ScenarioFn, verdictOf } from "./common.ts";
import { sweepOutcomes, sweepRun, timelineSweep } from "./sweeping.ts";

/**
 * Both nodes stop; there is nowhere good to put the address, so the sweep reports no standby and moves
 * nothing. Then node B starts again. No event says so (a start is not a failure), but the next sweep sees A
 * still down holding the address and B healthy, and moves it to B.
 */
export const bothDownThenBReturns: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const { dryRun } = ctx.options;
  const sweep = timelineSweep(ctx);
  const tick = async (): Promise<SweepReport> => {
    const event = scheduledEvent({ ruleName: "eip-failover-sweep" });
    ctx.recorder.add("drill", `EventBridge schedule → sweep (${event.id})`);
    return sweep.invoke(event);
  };
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, classicDoc(ctx.region));
  ctx.recorder.add("drill", `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; cluster "web" grace 0 s`);

  const failureAt = Date.now();
  ctx.recorder.add("drill", "the failure: nodeA and nodeB both stop");
  await stopInstances(ctx.world, [nodes.A.instanceId, nodes.B.instanceId]);
  const down = await tick();
  ctx.recorder.add("drill", `StartInstances nodeB ${nodes.B.instanceId}: nodeB returns`);
  await ctx.world.ec2.send(new StartInstancesCommand({ InstanceIds: [nodes.B.instanceId] }));
  const back = await tick();
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const [first] = sweepOutcomes(down);
  const [second] = sweepOutcomes(back);
  const expected = dryRun
    ? { outcome: "planned", holder: nodes.A.instanceId }
    : { outcome: "moved", holder: nodes.B.instanceId };
  return sweepRun(ctx, {
    expectation: `no standby while both are down; once nodeB is back the next sweep ${dryRun ? "plans the move" : "moves the EIP"} to nodeB`,
    failureAt,
    doneAt,
    check,
    reports: [down, back],
    verdict: verdictOf(
      `as expected: no standby while both were down, then the sweep ${expected.outcome} it to nodeB`,
      [
        [
          first === "no-standby",
          `expected the first sweep to report "no-standby", got ${first ?? "nothing"}`,
        ],
        [
          second === expected.outcome,
          `expected the sweep after nodeB returned to report "${expected.outcome}", got ${second ?? "nothing"}`,
        ],
        [
          check.after === expected.holder,
          `moto has the EIP on ${check.after ?? "nobody"}, not ${expected.holder}`,
        ],
      ],
    ),
  });
};
