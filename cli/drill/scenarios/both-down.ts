import { putCluster } from "../../harness/index.ts";
import { stopInstances } from "../world.ts";
import {
  CLASSIC_CLUSTER,
  checkClassic,
  classicDoc,
  classicRun,
  mutatingBy,
  outcomesOf,
  type ScenarioFn,
  stopNodeA,
  timelineController,
  verdictOf,
} from "./common.ts";

/**
 * No healthy standby: node B is already down when node A stops. The controller must not move the address
 * anywhere (there is nowhere good), must say so loudly, and must make no mutating call.
 */
export const bothDown: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const controller = timelineController(ctx);
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, classicDoc(ctx.region));
  ctx.recorder.add("drill", `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; nodeB is already stopped`);
  await stopInstances(ctx.world, [nodes.B.instanceId]);

  const { failureAt, event } = await stopNodeA(ctx);
  const invocation = await controller.invoke(event);
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const outcomes = outcomesOf(invocation);
  return classicRun(ctx, {
    expectation:
      "no healthy standby: the controller reports no-standby, makes no mutating call, and leaves the EIP on nodeA",
    failureAt,
    doneAt,
    check,
    invocation,
    verdict: verdictOf("as expected: no healthy standby, so no move (an operator must act)", [
      [outcomes[0] === "no-standby", `expected outcome "no-standby", got ${outcomes.join(", ")}`],
      [check.after === nodes.A.instanceId, `the address moved to ${check.after ?? "nobody"}`],
      [mutatingBy(ctx, "lambda") === 0, "the controller made a mutating call with no standby"],
    ]),
  });
};
