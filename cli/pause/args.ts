import { CONFIG_CACHE_SECONDS } from "../../functions/constants.ts";
import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { type Parsed, strictFlags } from "../guard.ts";
import { CLUSTER_FLAG } from "../status/args.ts";
import { LIVE_BY_DEFAULT_HELP, WHERE_OPTIONS, type Where, whereOf } from "../where.ts";

/** The longest --reason the cluster document keeps (functions/clusters/schema.ts). */
export const MAX_REASON = 256;

/** What `pause` or `resume` was asked for, validated. */
export interface PauseOptions {
  readonly cluster: string;
  /** Why (pause only); undefined: none given. */
  readonly reason: string | undefined;
  readonly json: boolean;
  readonly where: Where;
}

const OPTIONS = {
  ...WHERE_OPTIONS,
  cluster: { type: "string" },
  reason: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

const COMMON = `  --cluster <name>  the cluster (required): its document under the stack's ConfigPrefix
  --json            one JSON document on stdout instead of the line
${LIVE_BY_DEFAULT_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}`;

export const PAUSE_USAGE = `usage: eip-failover pause --cluster NAME [--reason TEXT] [--json] [--region NAME] [--stack NAME] [--embedded]

Stops the controller acting for one cluster, without a redeploy: it writes "paused": {"since", "reason"} into
the cluster's document (SSM PutParameter). The controller (events and sweep) still plans each failover of the
cluster and records what it would have done, outcome "paused" with the plan, in its report, its log, the
FailoverPaused metric and an "EIP Failover Paused" notice; it moves, fences and reconciles nothing. It takes
effect within ${CONFIG_CACHE_SECONDS} s (the controller's document cache). status and doctor name a paused cluster in their first lines.

  --reason <text>   why, kept in the document and shown by status and doctor (at most ${MAX_REASON} characters)
${COMMON}`;

export const RESUME_USAGE = `usage: eip-failover resume --cluster NAME [--json] [--region NAME] [--stack NAME] [--embedded]

Lets the controller act for the cluster again: removes "paused" from its document (SSM PutParameter). A
failure that happened while it was paused is moved by the next sweep (every minute by default) if its holder
is still failed.

${COMMON}`;

/**
 * Parses `pause` (`withReason`) or `resume`: --cluster NAME (required), --reason TEXT (pause only), --json,
 * where to look, --help.
 *
 * @throws UsageError naming the flag and what would be valid.
 * @example
 * parsePauseArgs(["--cluster", "web"], true) // { cluster: "web", reason: undefined, json: false, where: { live: true, … } }
 */
export function parsePauseArgs(argv: readonly string[], withReason: boolean): Parsed<PauseOptions> {
  const v = strictFlags(argv, OPTIONS);
  if (v.help) return "help";
  if (v.cluster === undefined)
    throw new UsageError("--cluster NAME is required (the cluster to pause or resume)");
  if (!CLUSTER_FLAG.test(v.cluster))
    throw new UsageError(`--cluster '${v.cluster}' is not valid (expected a cluster name, e.g. web)`);
  if (v.reason !== undefined && !withReason)
    throw new UsageError("--reason applies only to pause (resume removes the pause and its reason)");
  if (v.reason !== undefined && (v.reason.trim() === "" || v.reason.length > MAX_REASON))
    throw new UsageError(
      `--reason is not valid (expected 1 to ${MAX_REASON} characters, got ${v.reason.length})`,
    );
  return { cluster: v.cluster, reason: v.reason, json: v.json, where: whereOf(v, true) };
}
