import { type Region, startRegion } from "../../sim/region.ts";
import { deployEmbeddedStack } from "../embedded.ts";
import { ensureAgentBuilt, removeAgentTmp } from "./agent.ts";
import { throttleMode } from "./args.ts";
import { createProgress, type Progress, silentProgress, wantsProgress } from "./progress.ts";
import { classicNames } from "./scenarios/common.ts";
import { NEEDS_AGENT, SCENARIOS } from "./scenarios/index.ts";
import { drillStackOf } from "./stack.ts";
import { type DrillReport, summarize } from "./summary.ts";
import { createRecorder } from "./timeline.ts";
import type { DrillOptions, ScenarioRun } from "./types.ts";
import { worldOf } from "./world.ts";

export interface RunHooks {
  /** Progress notes for people (stderr); never stdout, which may carry JSON. */
  readonly note?: (text: string) => void;
  /** Called once the region is up, so a signal handler can stop it. */
  readonly started?: (region: Region) => void;
  readonly progress?: Progress;
}

/**
 * Runs one scenario on a fresh embedded region, with the stack `sls package` writes deployed in it, and judges it.
 * Everything it starts (moto, the proxy, the IMDS servers, agent processes) is stopped before it returns,
 * whatever happened.
 *
 * @example
 * const report = await runDrill(parseDrillArgs(["--scenario", "grace"]) as DrillOptions);
 * report.ok // true when the failover went as the scenario expects
 */
export async function runDrill(options: DrillOptions, hooks: RunHooks = {}): Promise<DrillReport> {
  const note = hooks.note ?? (() => {});
  if (NEEDS_AGENT.includes(options.scenario)) await ensureAgentBuilt(note);
  note(`starting the embedded region (moto, proxy, IMDS) for --scenario ${options.scenario}`);
  // az-outage turns throttling on only at the failure: building a thousand clusters is not the measurement.
  const outage = options.scenario === "az-outage";
  const region = await startRegion({ throttling: outage ? { kind: "off" } : throttleMode(options) });
  hooks.started?.(region);
  try {
    await deployEmbeddedStack(region, note);
    const progress =
      hooks.progress ??
      (wantsProgress(options.progress, outage, Boolean(process.stderr.isTTY))
        ? createProgress(options.clusters)
        : silentProgress);
    const run = await runScenarioOn(region, options, progress);
    return summarize(options, run, region.proxy.log.entries(), outage ? {} : classicNames(region));
  } finally {
    removeAgentTmp();
    await region.stop();
  }
}

/**
 * Runs one scenario on `region`, already started and its stack deployed (`history --embedded` runs the default
 * scenario on the embedded region whose history it then reads). The caller stops the region.
 */
export async function runScenarioOn(
  region: Region,
  options: DrillOptions,
  progress: Progress = silentProgress,
): Promise<ScenarioRun> {
  const world = worldOf(region);
  const stack = await drillStackOf(region);
  try {
    return await SCENARIOS[options.scenario]({
      region,
      world,
      recorder: createRecorder(),
      options,
      progress,
      stack,
    });
  } finally {
    world.ec2.destroy();
    world.ssm.destroy();
    stack.destroy();
  }
}
