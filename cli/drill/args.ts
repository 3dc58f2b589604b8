import type { ThrottleMode } from "../../sim/proxy.ts";
import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { strictFlags } from "../guard.ts";
import { EMBEDDED_BY_DEFAULT_HELP, WHERE_OPTIONS, whereOf } from "../where.ts";
import { MAX_FLEET_CLUSTERS } from "./fleet.ts";
import {
  type DrillOptions,
  type OverlayShape,
  type Scenario,
  Scenarios,
  type ThrottleChoice,
  ThrottleChoices,
  type WhatIfOptions,
} from "./types.ts";

export { UsageError };

export const USAGE = `usage: eip-failover drill [options]     (npm start -- [options] is the same; npm start --silent -- --json
                                        for the JSON alone, without npm's own header)
       eip-failover drill --cluster NAME [--json] [--live [--region NAME] [--stack NAME]]

Fails a node on the embedded region (moto, a throttling proxy, one IMDSv2 per node) and judges how the real
controller and agent recover. With --cluster: a dry run of the deployed controller instead, on the embedded
region or with --live on a real account: it is sent a synthetic failure of the cluster's current holder
with "dryRun": true, prints the plan it would carry out, and changes nothing.


  --scenario <name>      ${Scenarios.join(" | ")} (default instance-stop)
  --clusters <n>         az-outage only: clusters losing their AZ-a node at once, 1-${MAX_FLEET_CLUSTERS} (default 10;
                         the drill's subnets hold ${MAX_FLEET_CLUSTERS} nodes per AZ)
  --concurrency <n>      az-outage only: the decisions queue's MaximumConcurrency, 1-1000 (default: the deployed stack's)
  --grace <s>            az-outage only: the clusters' graceSeconds, 0-600 (default 0)
  --routes <r>x<t>       az-outage only: each cluster holds r overlay routes instead of an EIP, each in the t
                         route tables the fleet shares (clusters × r × t route entries); r and t 1-50, e.g. 1x10
  --throttling <mode>    ${ThrottleChoices.join(" | ")} (default: documented for az-outage, off otherwise)
  --throttle-factor <x>  with --throttling scaled: bucket capacity and refill × x, > 0 (default 10)
  --others-share <s>     other tenants of the account spend this share of every EC2 bucket, 0-0.9
                         (default 0: the account is the controller's alone), e.g. 0.5
  --dry-run              the controller plans and makes no mutating call
  --cluster <name>       the dry run of the deployed controller for this cluster (no scenario options)
${EMBEDDED_BY_DEFAULT_HELP}
  --json                 one JSON document on stdout instead of the timeline
  --progress             progress bar on stderr even when it is not a terminal
  -h, --help             this text

${EXIT_CODES_HELP}
  (1 also when the scenario did not go as expected)`;

/** The flags `drill` accepts (its --help lists each). */
export const DRILL_OPTIONS = {
  ...WHERE_OPTIONS,
  cluster: { type: "string" },
  scenario: { type: "string" },
  clusters: { type: "string" },
  concurrency: { type: "string" },
  grace: { type: "string" },
  routes: { type: "string" },
  throttling: { type: "string" },
  "throttle-factor": { type: "string" },
  "others-share": { type: "string" },
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

/** `--routes 1x10`: routes per cluster × route tables, each 1–50 (the cluster document's limits). */
export function overlayShape(value: string): OverlayShape {
  const m = /^(\d+)x(\d+)$/.exec(value);
  const [perCluster, tables] = [Number(m?.[1]), Number(m?.[2])];
  if (!m || perCluster < 1 || perCluster > 50 || tables < 1 || tables > 50)
    throw new UsageError(
      `--routes '${value}' is not valid (expected ROUTESxTABLES, each a whole number from 1 to 50, e.g. 1x10)`,
    );
  return { perCluster, tables };
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag} '${value}' is not valid (expected a number > 0, e.g. 10)`);
  return n;
}

/** A share of the account's buckets: 0 to 0.9 (what is left must still move something). */
function share(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 0.9)
    throw new UsageError(`--${flag} '${value}' is not valid (expected a share from 0 to 0.9, e.g. 0.5)`);
  return n;
}

/**
 * Parses the drill's command line. Returns "help" for -h/--help.
 *
 * @throws UsageError naming the flag, the value and the valid choices.
 * @example
 * parseDrillArgs(["--scenario", "az-outage", "--clusters", "100"]).clusters // 100
 */
export function parseDrillArgs(argv: readonly string[]): DrillOptions | WhatIfOptions | "help" {
  const v = strictFlags(argv, DRILL_OPTIONS);
  if (v.help) return "help";
  const where = whereOf(v, false);
  if (v.cluster !== undefined) {
    const scenarioFlags = [
      "scenario",
      "clusters",
      "concurrency",
      "routes",
      "throttling",
      "throttle-factor",
      "others-share",
      "dry-run",
      "progress",
    ] as const;
    const extra = scenarioFlags.find((f) => v[f] !== undefined && v[f] !== false);
    if (extra)
      throw new UsageError(
        `--${extra} applies to the scenarios, not to --cluster (the dry run of one cluster)`,
      );
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(v.cluster))
      throw new UsageError(`--cluster '${v.cluster}' is not valid (expected a cluster name, e.g. web)`);
    return { cluster: v.cluster, json: v.json, where };
  }
  if (where.live)
    throw new UsageError(
      "--live needs --cluster NAME: on a real account the drill is a dry run of one cluster",
    );
  const scenario: Scenario = choice("scenario", v.scenario ?? "instance-stop", Scenarios);
  const outage = scenario === "az-outage";
  for (const flag of ["clusters", "concurrency", "grace", "routes"] as const)
    if (v[flag] !== undefined && !outage)
      throw new UsageError(`--${flag} applies only to --scenario az-outage (got --scenario ${scenario})`);
  const throttling: ThrottleChoice = choice(
    "throttling",
    v.throttling ?? (outage ? "documented" : "off"),
    ThrottleChoices,
  );
  if (v["throttle-factor"] !== undefined && throttling !== "scaled")
    throw new UsageError(`--throttle-factor needs --throttling scaled (got --throttling ${throttling})`);
  if (v["others-share"] !== undefined && throttling === "off")
    throw new UsageError("--others-share needs EC2 throttling on (got --throttling off)");
  const othersShare = share("others-share", v["others-share"] ?? "0");
  return {
    scenario,
    dryRun: v["dry-run"],
    json: v.json,
    clusters: outage ? integer("clusters", v.clusters ?? "10", 1, MAX_FLEET_CLUSTERS) : 1,
    ...(v.concurrency !== undefined ? { concurrency: integer("concurrency", v.concurrency, 1, 1000) } : {}),
    graceSeconds: outage ? integer("grace", v.grace ?? "0", 0, 600) : 0,
    ...(outage && v.routes !== undefined ? { routes: overlayShape(v.routes) } : {}),
    throttling,
    throttleFactor: positive("throttle-factor", v["throttle-factor"] ?? "10"),
    ...(othersShare > 0 ? { othersShare } : {}),
    progress: v.progress,
  };
}

/** The proxy's throttle mode for the parsed options. */
export function throttleMode(
  options: Pick<DrillOptions, "throttling" | "throttleFactor" | "othersShare">,
): ThrottleMode {
  const shared = options.othersShare ? { othersShare: options.othersShare } : {};
  if (options.throttling === "scaled") return { kind: "scaled", factor: options.throttleFactor, ...shared };
  if (options.throttling === "documented") return { kind: "documented", ...shared };
  return { kind: options.throttling };
}
