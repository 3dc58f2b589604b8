import { putCluster } from "../../harness/index.ts";
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

/** The default: node A's instance stops; the state-change event reaches the controller; the EIP lands on B. */
export const instanceStop: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const { dryRun } = ctx.options;
  const controller = timelineController(ctx);
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, classicDoc(ctx.region));
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} (${eip.allocationId}) on nodeA ${nodes.A.instanceId}; cluster "web" = nodeA + nodeB, fencing none, grace 0 s`,
  );

  const { failureAt, event } = await stopNodeA(ctx);
  const invocation = await controller.invoke(event);
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const outcomes = outcomesOf(invocation);
  const verdict = dryRun
    ? verdictOf("dry run: the controller planned the move and changed nothing", [
        [outcomes[0] === "planned", `expected outcome "planned", got ${outcomes.join(", ")}`],
        [check.after === nodes.A.instanceId, `the address moved during a dry run (now on ${check.after})`],
        [mutatingBy(ctx, "lambda") === 0, "the controller made mutating calls during a dry run"],
      ])
    : verdictOf(`failed over: the EIP moved from nodeA to nodeB in ${doneAt - failureAt} ms`, [
        [outcomes[0] === "moved", `expected outcome "moved", got ${outcomes.join(", ")}`],
        [check.after === nodes.B.instanceId, `moto has the EIP on ${check.after ?? "nobody"}, not nodeB`],
      ]);
  return classicRun(ctx, {
    expectation: dryRun
      ? "the controller plans nodeA → nodeB and makes no mutating call; the EIP stays on nodeA"
      : "the EIP lands on nodeB by compare-and-swap (DisassociateAddress + AssociateAddress)",
    failureAt,
    doneAt,
    check,
    invocation,
    verdict,
  });
};
