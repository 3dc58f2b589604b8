import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { type Parsed, strictFlags } from "../guard.ts";
import { LIVE_BY_DEFAULT_HELP, WHERE_OPTIONS, type Where, whereOf } from "../where.ts";

/** What `status` or `doctor` was asked for, validated. */
export interface StatusOptions {
  /** Only this cluster; undefined: every cluster. */
  readonly cluster: string | undefined;
  readonly json: boolean;
  /** A real account (the default), or the embedded region with --embedded. */
  readonly where: Where;
}

/** What --cluster accepts: a cluster name as a document's key may spell it. */
export const CLUSTER_FLAG = /^[A-Za-z0-9._-]{1,128}$/;

/** The flags `status` and `doctor` accept (their --help lists each). */
export const CLUSTER_OPTIONS = {
  ...WHERE_OPTIONS,
  cluster: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const USAGE = `usage: eip-failover status [--cluster NAME] [--json] [--region NAME] [--stack NAME] [--embedded]

Where every address of each cluster sits (allocation id, public IP, instance, ENI, private IP, AZ), where
each overlay route points in each listed route table, each member's state, status checks, AZ and holdings,
the standby the controller would choose now, and drift (an address held by a non-member or by nobody, a
route table sending the overlay elsewhere or nowhere, a member that is down or missing, no healthy standby).
Looks at the real account (the deployed stack, found by name) unless --embedded; the first line says where
it looked, and --json carries the same as "source". A paused cluster (eip-failover pause) is named right after
it, and carries "paused" in --json.

  --cluster <name>  only this cluster (default: every cluster document)
  --json            one JSON document on stdout instead of the table
${LIVE_BY_DEFAULT_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}
  (1 also when any drift is found)`;

/**
 * Parses the command line of a command over clusters (`status`, `doctor`): `--cluster NAME`, `--json`,
 * where to look (the real account, or --embedded), `--help`. Returns "help" for -h/--help.
 *
 * @throws UsageError naming the flag and what would be valid.
 * @example
 * parseClusterArgs(["--cluster", "web", "--json"]) // { cluster: "web", json: true, where: { live: true, … } }
 */
export function parseClusterArgs(argv: readonly string[]): Parsed<StatusOptions> {
  const v = strictFlags(argv, CLUSTER_OPTIONS);
  if (v.help) return "help";
  if (v.cluster !== undefined && !CLUSTER_FLAG.test(v.cluster))
    throw new UsageError(`--cluster '${v.cluster}' is not valid (expected a cluster name, e.g. web)`);
  return { cluster: v.cluster, json: v.json, where: whereOf(v, true) };
}
