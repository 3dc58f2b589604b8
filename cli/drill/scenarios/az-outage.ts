import { isDown } from "../../../core/index.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import { putCluster } from "../../harness/index.ts";
import { throttleMode } from "../args.ts";
import { leftBucket, rateBoundSeconds } from "../bound.ts";
import { createDrillController, type Invocation } from "../controller.ts";
import { buildFleet } from "../fleet.ts";
import { describeLog } from "../timeline.ts";
import { stopInstances } from "../world.ts";
import { errorsOf, mutatingBy, outcomesOf, type ScenarioFn, verdictOf } from "./common.ts";
import { holdingsOf } from "./outage-holdings.ts";

/** Handler warnings and errors beyond this many are counted, not printed. */
const MAX_LOGGED = 20;
const MILESTONES = [0.1, 0.25, 0.5, 0.75, 0.9, 1];

/**
 * N clusters lose their AZ-a node at once. Every instance's "stopped" event goes to the decisions queue, as
 * EventBridge sends it; at most `--concurrency` invocations take batches from it (the event source mapping's
 * MaximumConcurrency), each pacing its EC2 calls to its share of the documented refill, against EC2's
 * documented rate limits. A cluster's grace window (`--grace`) is a delayed message, not a waiting Lambda.
 * Each cluster holds one EIP, or with `--routes RxT` R overlay routes, each in the fleet's T route tables.
 */
export const azOutage: ScenarioFn = async (ctx) => {
  const { clusters: n, batchSize, concurrency, dryRun, graceSeconds, routes: shape } = ctx.options;
  const t0 = Date.now();
  const built = await buildFleet(ctx.world, n, shape);
  const fleet = built.clusters;
  const holdings = holdingsOf(built);
  for (const c of fleet) await putCluster(ctx.world.ssm, c.name, holdings.doc(c, graceSeconds));
  ctx.recorder.add(
    "drill",
    `built ${n} clusters (node a in ap-northeast-1a holds the ${holdings.what}, node c in 1c) in ${Date.now() - t0} ms`,
  );

  let logged = 0;
  const controller = createDrillController(
    ctx.region,
    (level, message, extra) => {
      if ((level === "warn" || level === "error") && logged++ < MAX_LOGGED)
        ctx.recorder.add("handler", `${level}: ${describeLog(message, extra)}`);
    },
    { dryRun, concurrency, batchSize, stack: ctx.stack },
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
    `EventBridge: ${n} state-change events onto the bus, the stack's rules route them to its decisions queue; at most ${controller.concurrency} invocations at once`,
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

  const { addresses, routes } = await holdings.check(ctx.world);
  const checks = routes ?? addresses;
  const standby = new Map(fleet.map((c) => [c.name, c.c]));
  const { noun, entries } = holdings;
  const outcomes = invocations.flatMap(outcomesOf);
  const errors = invocations.reduce((sum, i) => sum + errorsOf(i), 0);
  if (logged > MAX_LOGGED) ctx.recorder.add("handler", `… ${logged - MAX_LOGGED} more warnings or errors`);
  const onC = checks.filter((c) => c.after === standby.get(c.cluster)).length;
  const lost = checks.filter((c) => c.after === undefined).length;
  const onStopped = checks.filter((c) => isDown(c.afterState)).length;
  const mutating = mutatingBy(ctx, "lambda");
  // the bucket the controller is left with when other tenants spend their share of the account's
  const left = leftBucket(ctx.options.othersShare);
  const bound = graceSeconds + rateBoundSeconds(holdings.callsPerEntry * entries, left);
  ctx.recorder.add(
    "drill",
    `moto: ${onC}/${entries} ${noun} on their AZ-c node, ${lost} lost, ${onStopped} on a stopped instance`,
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
        `all ${entries} ${noun} moved to their AZ-c node in ${((doneAt - failureAt) / 1000).toFixed(1)} s`,
        [
          [
            onC === entries,
            `${entries - onC} of ${entries} ${noun} not on their AZ-c node (${summary(outcomes)})`,
          ],
          [lost === 0, `${lost} ${noun} lost (pointing nowhere)`],
          [onStopped === 0, `${onStopped} ${noun} left on a stopped instance`],
          [errors === 0, `${errors} handler error(s)`],
        ],
      );
  return {
    expectation: dryRun
      ? `${n} moves planned and no mutating call`
      : `${entries} ${noun} move by compare-and-swap (${holdings.callsPerEntry} mutating call(s) each) after a ${graceSeconds} s grace window; the mutating bucket left to the controller (${left.capacity} + ${left.refillPerSecond}/s${ctx.options.othersShare ? `, others spend ${ctx.options.othersShare * 100} %` : ""}) allows it in ≥ ${bound.toFixed(0)} s`,
    failureAt,
    doneAt,
    addresses,
    ...(routes ? { routes } : {}),
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
