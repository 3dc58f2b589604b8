import { isDown } from "../../../core/index.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import { putCluster } from "../../harness/index.ts";
import { throttleMode } from "../args.ts";
import { rateBoundSeconds } from "../bound.ts";
import { createDrillController, type Invocation } from "../controller.ts";
import { buildFleet } from "../fleet.ts";
import { describeLog } from "../timeline.ts";
import { checkAddresses, stopInstances } from "../world.ts";
import { errorsOf, mutatingBy, outcomesOf, type ScenarioFn, verdictOf } from "./common.ts";

/** Handler warnings and errors beyond this many are counted, not printed. */
const MAX_LOGGED = 20;
const MILESTONES = [0.1, 0.25, 0.5, 0.75, 0.9, 1];

/**
 * N clusters lose their AZ-a node at once. Every instance's "stopped" event goes to the decisions queue, as
 * EventBridge sends it; at most `--concurrency` invocations take batches from it (the event source mapping's
 * MaximumConcurrency), each pacing its EC2 calls to its share of the documented refill, against EC2's
 * documented rate limits. A cluster's grace window (`--grace`) is a delayed message, not a waiting Lambda.
 */
export const azOutage: ScenarioFn = async (ctx) => {
  const { clusters: n, concurrency, dryRun, graceSeconds } = ctx.options;
  const t0 = Date.now();
  const fleet = await buildFleet(ctx.world, n);
  for (const c of fleet)
    await putCluster(ctx.world.ssm, c.name, {
      name: c.name,
      addresses: [{ allocationId: c.allocationId }],
      members: [{ instanceId: c.a }, { instanceId: c.c }],
      fencing: "none",
      graceSeconds,
    });
  ctx.recorder.add(
    "drill",
    `built ${n} clusters (node a in ap-northeast-1a holds the EIP, node c in 1c) in ${Date.now() - t0} ms`,
  );

  let logged = 0;
  const controller = createDrillController(
    ctx.region,
    (level, message, extra) => {
      if ((level === "warn" || level === "error") && logged++ < MAX_LOGGED)
        ctx.recorder.add("handler", `${level}: ${describeLog(message, extra)}`);
    },
    { dryRun, concurrency },
  );
  ctx.region.proxy.setThrottling(throttleMode(ctx.options));
  ctx.region.proxy.log.clear();

  const failureAt = Date.now();
  ctx.progress.start();
  ctx.recorder.add("drill", `the failure: ap-northeast-1a goes dark, ${n} instances stop`);
  await stopInstances(
    ctx.world,
    fleet.map((c) => c.a),
  );
  const events = fleet.map((c) => instanceStateChange({ instanceId: c.a, state: "stopped" }));
  ctx.recorder.add(
    "drill",
    `EventBridge → decisions queue: ${n} state-change events; at most ${concurrency} invocations at once`,
  );

  let done = 0;
  let moved = 0;
  let nextMilestone = 0;
  const invocations = await Promise.all(
    events.map(async (event): Promise<Invocation> => {
      const invocation = await controller.invoke(event);
      done++;
      if (outcomesOf(invocation).includes("moved") && ++moved === 1)
        ctx.recorder.add("drill", "first address moved");
      while (nextMilestone < MILESTONES.length && done >= Math.ceil(MILESTONES[nextMilestone]! * n)) {
        const mutating = mutatingBy(ctx, "lambda");
        ctx.recorder.add(
          "drill",
          `${done}/${n} invocations done (${moved} moved, ${mutating} mutating calls accepted)`,
        );
        nextMilestone++;
      }
      ctx.progress.update(done, `moved ${moved}`);
      return invocation;
    }),
  );
  const doneAt = Date.now();
  ctx.progress.finish();

  const checks = await checkAddresses(
    ctx.world,
    fleet.map((c) => ({ cluster: c.name, allocationId: c.allocationId, before: c.a })),
  );
  const outcomes = invocations.flatMap(outcomesOf);
  const errors = invocations.reduce((sum, i) => sum + errorsOf(i), 0);
  if (logged > MAX_LOGGED) ctx.recorder.add("handler", `… ${logged - MAX_LOGGED} more warnings or errors`);
  const onC = checks.filter((c, i) => c.after === fleet[i]!.c).length;
  const lost = checks.filter((c) => c.after === undefined).length;
  const onStopped = checks.filter((c) => isDown(c.afterState)).length;
  const mutating = mutatingBy(ctx, "lambda");
  const bound = graceSeconds + rateBoundSeconds(2 * n);
  ctx.recorder.add(
    "drill",
    `moto: ${onC}/${n} on their AZ-c node, ${lost} lost, ${onStopped} on a stopped instance`,
  );
  const verdict = dryRun
    ? verdictOf(`dry run: ${n} moves planned, nothing changed`, [
        [
          outcomes.every((o) => o === "planned"),
          `expected every outcome "planned", got ${summary(outcomes)}`,
        ],
        [mutating === 0, `the controller made ${mutating} mutating calls during a dry run`],
      ])
    : verdictOf(
        `all ${n} addresses moved to their AZ-c node in ${((doneAt - failureAt) / 1000).toFixed(1)} s`,
        [
          [onC === n, `${n - onC} address(es) not on their AZ-c node (${summary(outcomes)})`],
          [lost === 0, `${lost} address(es) lost (pointing nowhere)`],
          [onStopped === 0, `${onStopped} address(es) left on a stopped instance`],
          [errors === 0, `${errors} handler error(s)`],
        ],
      );
  return {
    expectation: dryRun
      ? `${n} moves planned and no mutating call`
      : `${n} addresses move by compare-and-swap (2 mutating calls each) after a ${graceSeconds} s grace window; the mutating bucket (50 + 5/s) allows it in ≥ ${bound.toFixed(0)} s`,
    failureAt,
    doneAt,
    addresses: checks,
    outcomes,
    handlerErrors: errors,
    verdict,
    entries: ctx.recorder.entries(),
    invocations: controller.stats(),
  };
};

function summary(outcomes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([o, k]) => `${o} ${k}`).join(", ");
}
