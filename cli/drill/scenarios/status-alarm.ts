import { putCluster } from "../../harness/index.ts";
import { instanceStates } from "../world.ts";
import {
  CLASSIC_CLUSTER,
  checkClassic,
  classicDoc,
  classicRun,
  impairNodeA,
  mutatingBy,
  outcomesOf,
  type ScenarioFn,
  timelineController,
  verdictOf,
} from "./common.ts";

/**
 * Node A keeps running but fails its status checks; the StatusCheckFailed alarm reaches the controller,
 * which fences A (StopInstances with SkipOsShutdown and Force) because it could still answer, then moves
 * the EIP to B.
 */
export const statusAlarm: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const { dryRun } = ctx.options;
  const controller = timelineController(ctx);
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, classicDoc(ctx.region, { fencing: "stop" }));
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; cluster "web" = nodeA + nodeB, fencing stop, grace 0 s`,
  );

  const { failureAt, event } = impairNodeA(ctx);
  const invocation = await controller.invoke(event);
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const stateOfA = (await instanceStates(ctx.world)).get(nodes.A.instanceId);
  const outcomes = outcomesOf(invocation);
  ctx.recorder.add("drill", `moto says: nodeA is ${stateOfA}`);
  const verdict = dryRun
    ? verdictOf("dry run: the controller planned fencing and the move, and changed nothing", [
        [outcomes[0] === "planned", `expected outcome "planned", got ${outcomes.join(", ")}`],
        [check.after === nodes.A.instanceId, `the address moved during a dry run (now on ${check.after})`],
        [stateOfA === "running", `nodeA was stopped during a dry run (${stateOfA})`],
        [mutatingBy(ctx, "lambda") === 0, "the controller made mutating calls during a dry run"],
      ])
    : verdictOf(
        `failed over: nodeA fenced (${stateOfA}), the EIP moved to nodeB in ${doneAt - failureAt} ms`,
        [
          [outcomes[0] === "moved", `expected outcome "moved", got ${outcomes.join(", ")}`],
          [check.after === nodes.B.instanceId, `moto has the EIP on ${check.after ?? "nobody"}, not nodeB`],
          [stateOfA === "stopping" || stateOfA === "stopped", `nodeA was not fenced (state ${stateOfA})`],
        ],
      );
  return classicRun(ctx, {
    expectation: dryRun
      ? "the controller plans StopInstances nodeA + the move, makes no mutating call; the EIP stays on nodeA"
      : "nodeA is fenced (StopInstances SkipOsShutdown + Force), then the EIP lands on nodeB by compare-and-swap",
    failureAt,
    doneAt,
    check,
    invocation,
    verdict,
  });
};
