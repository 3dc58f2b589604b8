import { setTimeout as sleep } from "node:timers/promises";
import { putCluster } from "../../harness/index.ts";
import { ocfName, runAgentOn } from "../agent.ts";
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

/** The cluster's grace window, and when Pacemaker (the agent on B) moves the address inside it. */
export const GRACE_SECONDS = 10;
export const PACEMAKER_AFTER_MS = 1_000;

/**
 * Pacemaker is faster than the controller: node A stops, the controller waits out the grace window, and
 * within it the agent on node B (run as Pacemaker would, `start`) claims the address. The controller sees
 * the move and stands down without a mutating call.
 */
export const grace: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const controller = timelineController(ctx);
  await putCluster(ctx.world.ssm, CLASSIC_CLUSTER, classicDoc(ctx.region, { graceSeconds: GRACE_SECONDS }));
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; cluster "web" grace ${GRACE_SECONDS} s (Pacemaker goes first)`,
  );

  const { failureAt, event } = await stopNodeA(ctx);
  const pending = controller.invoke(event);

  await sleep(Math.max(0, failureAt + PACEMAKER_AFTER_MS - Date.now()));
  ctx.recorder.add("agent", "Pacemaker on nodeB: start (nodeA lost quorum membership)");
  const start = await runAgentOn(ctx.region, "B", "start", eip.allocationId);
  ctx.recorder.add("agent", `nodeB start → ${ocfName(start.code)}: ${start.says}`);

  const invocation = await pending;
  const doneAt = Date.now();
  // The window counts from AWS's event time; the recheck is the decision that answered after it ended.
  const windowEnd = Date.parse(event.time) + GRACE_SECONDS * 1000;
  ctx.recorder.add(
    "drill",
    `the recheck answered ${((doneAt - windowEnd) / 1000).toFixed(1)} s after the grace window ended (issue 14: within 2 s)`,
  );
  const check = await checkClassic(ctx);
  const outcomes = outcomesOf(invocation);
  return classicRun(ctx, {
    expectation: `the agent on nodeB moves the EIP within the ${GRACE_SECONDS} s grace window; the controller stands down`,
    failureAt,
    doneAt,
    check,
    invocation,
    verdict: verdictOf(
      "as expected: Pacemaker moved it within the grace window and the controller stood down",
      [
        [start.code === 0, `the agent's start on nodeB answered ${ocfName(start.code)}: ${start.says}`],
        [
          outcomes[0] === "skipped",
          `expected the controller to stand down ("skipped"), got ${outcomes.join(", ")}`,
        ],
        [check.after === nodes.B.instanceId, `moto has the EIP on ${check.after ?? "nobody"}, not nodeB`],
        [mutatingBy(ctx, "lambda") === 0, "the controller made a mutating call after Pacemaker moved it"],
      ],
    ),
  });
};
