import type { SweepReport } from "../../../functions/index.ts";
import { startSchedule } from "../../../sim/schedule.ts";
import { putCluster } from "../../harness/index.ts";
import {
  CLASSIC_CLUSTER,
  checkClassic,
  classicDoc,
  type ScenarioFn,
  stopNodeA,
  verdictOf,
} from "./common.ts";
import { sweepOutcomes, sweepRun, timelineSweep } from "./sweeping.ts";

/** The drill's sweep period and grace window: short, so the scenario is quick; the deployed default is 60 s. */
export const SWEEP_PERIOD_SECONDS = 2;
export const MISSED_GRACE_SECONDS = 4;
/** Sweeps to wait for at most: the window's, one more, and one for slack. */
const MAX_SWEEPS = Math.ceil(MISSED_GRACE_SECONDS / SWEEP_PERIOD_SECONDS) + 2;

/**
 * The event is lost: node A stops, but EventBridge's delivery fails (or the controller was disabled), so the
 * event path never runs. The sweep, firing on its schedule, finds A down since its state transition and, once
 * graceSeconds have passed, moves the address to B by the event path's own compare-and-swap: within one sweep
 * period plus the grace window, on the drill's clock.
 */
export const missedEvent: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const sweep = timelineSweep(ctx);
  await putCluster(
    ctx.world.ssm,
    CLASSIC_CLUSTER,
    classicDoc(ctx.region, { graceSeconds: MISSED_GRACE_SECONDS }),
  );
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; grace ${MISSED_GRACE_SECONDS} s; the sweep runs every ${SWEEP_PERIOD_SECONDS} s`,
  );
  const { dryRun } = ctx.options;
  const fired: { at: number; decidedAt: number; report: SweepReport }[] = [];
  let moved: (() => void) | undefined;
  const done = new Promise<void>((resolve) => {
    moved = resolve;
  });
  const rule = startSchedule({
    ruleName: "eip-failover-sweep",
    periodMs: SWEEP_PERIOD_SECONDS * 1000,
    target: async (event) => {
      const at = Date.now();
      ctx.recorder.add("drill", `EventBridge schedule → sweep (${event.id})`);
      const report = await sweep.invoke(event);
      fired.push({ at, decidedAt: Date.now(), report });
      if (report.addresses.length || fired.length >= MAX_SWEEPS) moved?.();
    },
  });
  const { failureAt, event } = await stopNodeA(ctx);
  ctx.recorder.add("drill", `the event is lost: EventBridge's delivery of ${event.id} failed; no invocation`);
  await done;
  await rule.stop();
  const doneAt = Date.now();

  const check = await checkClassic(ctx);
  const after = fired.filter((f) => f.at >= failureAt);
  const moving = after.findIndex((f) => f.report.addresses.length > 0);
  const outcome = sweepOutcomes(after[moving]?.report)[0];
  const expected = dryRun
    ? { outcome: "planned", holder: nodes.A.instanceId }
    : { outcome: "moved", holder: nodes.B.instanceId };
  const bound = SWEEP_PERIOD_SECONDS + MISSED_GRACE_SECONDS;
  return sweepRun(ctx, {
    expectation: `${dryRun ? "(dry run: plans) " : ""}the sweep moves the EIP to nodeB within one period plus the grace window (${bound} s), with no event`,
    failureAt,
    doneAt,
    check,
    reports: after.slice(moving, moving + 1).map((f) => f.report),
    verdict: verdictOf(
      `made good: the sweep ${expected.outcome} the EIP for nodeB ${((doneAt - failureAt) / 1000).toFixed(1)} s after the failure (bound ${bound} s)`,
      [
        [
          outcome === expected.outcome,
          `expected a sweep to report "${expected.outcome}", got ${after.map((f) => sweepOutcomes(f.report).join(",") || "nothing").join("; ")}`,
        ],
        // AWS dates the stop to the second, so the window may end up to 1 s before failureAt + grace
        [
          (after[moving]?.decidedAt ?? 0) >= failureAt + (MISSED_GRACE_SECONDS - 1) * 1000,
          "the sweep moved the EIP inside the grace window",
        ],
        // every earlier sweep saw A inside its window, so the move came from the first sweep after the window
        [
          after.slice(0, moving).every((f) => f.report.waiting === 1),
          "a sweep before the move did not see the grace window open",
        ],
        [
          check.after === expected.holder,
          `moto has the EIP on ${check.after ?? "nobody"}, not ${expected.holder}`,
        ],
      ],
    ),
  });
};
