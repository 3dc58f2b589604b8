import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { type Parsed, strictFlags } from "../guard.ts";
import { WHERE_HELP, WHERE_OPTIONS, type Where, whereOf } from "../where.ts";

/** What `status` or `doctor` was asked for, validated. */
export interface StatusOptions {
  /** Only this cluster; undefined: every cluster. */
  readonly cluster: string | undefined;
  readonly json: boolean;
  /** The embedded region, or a real account with --live. */
  readonly where: Where;
}

const OPTIONS = {
  ...WHERE_OPTIONS,
  cluster: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const USAGE = `usage: eip-failover status [--cluster NAME] [--json] [--live [--region NAME] [--stack NAME]]

Where every address of each cluster sits (allocation id, public IP, instance, ENI, private IP, AZ), where
each overlay route points in each listed route table, each member's state, status checks, AZ and holdings,
the standby the controller would choose now, and drift (an address held by a non-member or by nobody, a
route table sending the overlay elsewhere or nowhere, a member that is down or missing, no healthy standby).
Runs on the embedded region (started and stopped by the command) with the drill's topology, or with
--live on the deployed stack.

  --cluster <name>  only this cluster (default: every cluster document)
  --json            one JSON document on stdout instead of the table
${WHERE_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}
  (1 also when any drift is found)`;

/**
 * Parses the command line of a command over clusters (`status`, `doctor`): `--cluster NAME`, `--json`,
 * `--help`. Returns "help" for -h/--help.
 *
 * @throws UsageError naming the flag and what would be valid.
 * @example
 * parseClusterArgs(["--cluster", "web", "--json"]) // { cluster: "web", json: true }
 */
export function parseClusterArgs(argv: readonly string[]): Parsed<StatusOptions> {
  const v = strictFlags(argv, OPTIONS);
  if (v.help) return "help";
  if (v.cluster !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(v.cluster))
    throw new UsageError(`--cluster '${v.cluster}' is not valid (expected a cluster name, e.g. web)`);
  return { cluster: v.cluster, json: v.json, where: whereOf(v) };
}
