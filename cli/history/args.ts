import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { type Parsed, strictFlags } from "../guard.ts";
import { CLUSTER_FLAG } from "../status/args.ts";
import { LIVE_BY_DEFAULT_HELP, WHERE_OPTIONS, type Where, whereOf } from "../where.ts";

/** What `history` was asked for, validated. */
export interface HistoryOptions {
  /** Only this cluster; undefined: every cluster. */
  readonly cluster: string | undefined;
  /** How far back to look, ms. */
  readonly sinceMs: number;
  /** --since as given (or the default), for the human output. */
  readonly since: string;
  readonly json: boolean;
  readonly where: Where;
}

/** The unit of each --since suffix, in ms. */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** The history keeps a notice this long (functions/stack/history.cjs RETENTION_DAYS): looking further finds nothing. */
export const MAX_SINCE_DAYS = 365;
export const DEFAULT_SINCE = "7d";
const DURATION = /^([1-9]\d{0,5})([smhdw])$/;

/**
 * A --since value in ms: a whole number and a unit (s, m, h, d, w), at most a year. Pure.
 *
 * @throws UsageError naming the value and what is valid.
 * @example
 * sinceMsOf("12h") // 43_200_000
 */
export function sinceMsOf(text: string): number {
  const match = DURATION.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms <= MAX_SINCE_DAYS * UNIT_MS.d))
    throw new UsageError(
      `--since '${text}' is not valid (expected a duration: a whole number and s, m, h, d or w, e.g. 90m, 12h, 7d; at most ${MAX_SINCE_DAYS}d, the history's retention)`,
    );
  return ms;
}

/** The flags `history` accepts (its --help lists each). */
export const HISTORY_OPTIONS = {
  ...WHERE_OPTIONS,
  cluster: { type: "string" },
  since: { type: "string", default: DEFAULT_SINCE },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const USAGE = `usage: eip-failover history [--cluster NAME] [--since DURATION] [--json] [--region NAME] [--stack NAME] [--embedded]

Each failover as a timeline: the trigger (the failed instance, what AWS said, which path decided), the grace
window, the wait for the deciding invocation, the fence, each address's and route's move, the reconcile, the
outcome, and what a paused cluster skipped (the plan it would have carried out). Read from the stack's failover
history: every notice the controller sends, kept a year in the log group HistoryLogGroup (FilterLogEvents).
Looks at the real account (the deployed stack, found by name) unless --embedded; the first line says where it
looked, and --json carries the same as "source". The embedded region lives for one command, so --embedded runs
the drill's default scenario (instance-stop) on it first and shows that failover.

  --cluster <name>  only this cluster (a cluster document's name, or one the history names)
  --since <dur>     how far back: a whole number and s, m, h, d or w (default ${DEFAULT_SINCE}; at most ${MAX_SINCE_DAYS}d)
  --json            one JSON document on stdout instead of the timelines
${LIVE_BY_DEFAULT_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}`;

/**
 * Parses `history`'s command line. Returns "help" for -h/--help.
 *
 * @throws UsageError naming the flag, the value and what would be valid.
 * @example
 * parseHistoryArgs(["--since", "12h"]) // { cluster: undefined, sinceMs: 43_200_000, since: "12h", … }
 */
export function parseHistoryArgs(argv: readonly string[]): Parsed<HistoryOptions> {
  const v = strictFlags(argv, HISTORY_OPTIONS);
  if (v.help) return "help";
  if (v.cluster !== undefined && !CLUSTER_FLAG.test(v.cluster))
    throw new UsageError(`--cluster '${v.cluster}' is not valid (expected a cluster name, e.g. web)`);
  return {
    cluster: v.cluster,
    sinceMs: sinceMsOf(v.since),
    since: v.since,
    json: v.json,
    where: whereOf(v, true),
  };
}
