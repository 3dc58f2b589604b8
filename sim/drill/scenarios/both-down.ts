import { instanceStateChange } from "../../events.ts";
import { putCluster, stopInstances } from "../world.ts";
import {
  checkClassic,
  classicDoc,
  classicEntries,
  errorsOf,
  mutatingBy,
  outcomesOf,
  type ScenarioFn,
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
  await putCluster(ctx.world, classicDoc(ctx.region));
  ctx.recorder.add("drill", `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; nodeB is already stopped`);
  await stopInstances(ctx.world, [nodes.B.instanceId]);

  const failureAt = Date.now();
  ctx.recorder.add("drill", `the failure: StopInstances nodeA ${nodes.A.instanceId}`);
  await stopInstances(ctx.world, [nodes.A.instanceId]);
  const event = instanceStateChange({ instanceId: nodes.A.instanceId, state: "stopped" });
  ctx.recorder.add(
    "drill",
    `EventBridge → Lambda: EC2 Instance State-change Notification (${event.id}, stopped)`,
  );
  const invocation = await controller.invoke(event);
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const outcomes = outcomesOf(invocation);
  return {
    expectation:
      "no healthy standby: the controller reports no-standby, makes no mutating call, and leaves the EIP on nodeA",
    failureAt,
    doneAt,
    addresses: [check],
    outcomes,
    handlerErrors: errorsOf(invocation),
    verdict: verdictOf("as expected: no healthy standby, so no move (an operator must act)", [
      [outcomes[0] === "no-standby", `expected outcome "no-standby", got ${outcomes.join(", ")}`],
      [check.after === nodes.A.instanceId, `the address moved to ${check.after ?? "nobody"}`],
      [mutatingBy(ctx, "lambda") === 0, "the controller made a mutating call with no standby"],
    ]),
    entries: classicEntries(ctx),
  };
};
