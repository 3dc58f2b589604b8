import { DECISIONS_QUEUE } from "../../functions/index.ts";
import type { ThrottleMode } from "../../sim/proxy.ts";
import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { strictFlags } from "../guard.ts";
import {
  type DrillOptions,
  type Scenario,
  Scenarios,
  type ThrottleChoice,
  ThrottleChoices,
} from "./types.ts";

export { UsageError };

export const USAGE = `usage: eip-failover drill [options]     (npm start -- [options] is the same)

Fails a node on the embedded region (moto, a throttling proxy, one IMDSv2 per node) and judges how the real
controller and agent recover.


  --scenario <name>      ${Scenarios.join(" | ")} (default instance-stop)
  --clusters <n>         az-outage only: clusters losing their AZ-a node at once, 1-5000 (default 10)
  --concurrency <n>      az-outage only: the decisions queue's MaximumConcurrency, 1-1000 (default 2, as deployed)
  --grace <s>            az-outage only: the clusters' graceSeconds, 0-600 (default 0)
  --throttling <mode>    ${ThrottleChoices.join(" | ")} (default: documented for az-outage, off otherwise)
  --throttle-factor <x>  with --throttling scaled: bucket capacity and refill × x, > 0 (default 10)
  --dry-run              the controller plans and makes no mutating call
  --json                 one JSON document on stdout instead of the timeline
  --progress             progress bar on stderr even when it is not a terminal
  -h, --help             this text

${EXIT_CODES_HELP}
  (1 also when the scenario did not go as expected)`;

const OPTIONS = {
  scenario: { type: "string" },
  clusters: { type: "string" },
  concurrency: { type: "string" },
  grace: { type: "string" },
  throttling: { type: "string" },
  "throttle-factor": { type: "string" },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  progress: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function choice<T extends string>(flag: string, value: string, valid: readonly T[]): T {
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} '${value}' is not valid (valid: ${valid.join(", ")})`);
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`--${flag} '${value}' is not valid (expected a whole number from ${min} to ${max})`);
  return n;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag} '${value}' is not valid (expected a number > 0, e.g. 10)`);
  return n;
}

/**
 * Parses the drill's command line. Returns "help" for -h/--help.
 *
 * @throws UsageError naming the flag, the value and the valid choices.
 * @example
 * parseDrillArgs(["--scenario", "az-outage", "--clusters", "100"]).clusters // 100
 */
export function parseDrillArgs(argv: readonly string[]): DrillOptions | "help" {
  const v = strictFlags(argv, OPTIONS);
  if (v.help) return "help";
  const scenario: Scenario = choice("scenario", v.scenario ?? "instance-stop", Scenarios);
  const outage = scenario === "az-outage";
  for (const flag of ["clusters", "concurrency", "grace"] as const)
    if (v[flag] !== undefined && !outage)
      throw new UsageError(`--${flag} applies only to --scenario az-outage (got --scenario ${scenario})`);
  const throttling: ThrottleChoice = choice(
    "throttling",
    v.throttling ?? (outage ? "documented" : "off"),
    ThrottleChoices,
  );
  if (v["throttle-factor"] !== undefined && throttling !== "scaled")
    throw new UsageError(`--throttle-factor needs --throttling scaled (got --throttling ${throttling})`);
  return {
    scenario,
    dryRun: v["dry-run"],
    json: v.json,
    clusters: outage ? integer("clusters", v.clusters ?? "10", 1, 5000) : 1,
    concurrency: integer("concurrency", v.concurrency ?? String(DECISIONS_QUEUE.concurrency), 1, 1000),
    graceSeconds: outage ? integer("grace", v.grace ?? "0", 0, 600) : 0,
    throttling,
    throttleFactor: positive("throttle-factor", v["throttle-factor"] ?? "10"),
    progress: v.progress,
  };
}

/** The proxy's throttle mode for the parsed options. */
export function throttleMode(options: Pick<DrillOptions, "throttling" | "throttleFactor">): ThrottleMode {
  if (options.throttling === "scaled") return { kind: "scaled", factor: options.throttleFactor };
  return { kind: options.throttling };
}
