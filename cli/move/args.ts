import { EXIT_CODES_HELP } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { type Parsed, strictFlags } from "../guard.ts";
import type { MoveRequest } from "./plan.ts";

/** What `move` was asked for, validated. */
export interface MoveOptions extends MoveRequest {
  readonly dryRun: boolean;
  readonly json: boolean;
  /** Seconds to wait for Pacemaker to run the unit on the target. */
  readonly timeoutSeconds: number;
}

/** crm_resource's --lifetime: an ISO 8601 duration (PT5M, PT30S, P1D). */
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const OPTIONS = {
  cluster: { type: "string" },
  to: { type: "string" },
  resource: { type: "string" },
  lifetime: { type: "string", default: "PT5M" },
  timeout: { type: "string", default: "120" },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const MOVE_USAGE = `usage: eip-failover move --cluster NAME --to NODE [--resource ID] [--lifetime PT5M] [--timeout 120] [--dry-run] [--json]

On a node of the Pacemaker cluster, as root: a planned switchover of the cluster's eip-failover resource (its
group, or the primitive) to NODE, the Pacemaker-native way. It reads crm_mon --output-as=xml and the CIB,
refuses in one line when NODE is not a healthy online member (offline, standby, maintenance, unclean,
shutting down, a fail-count for the resource) or the resource is not settled, then runs
crm_resource --move (to NODE) and --ban (from the holder), both with --lifetime, waits until Pacemaker runs it on
NODE, and removes both constraints (crm_resource --clear: stickiness keeps it there). With allow-migrate=true
(docs/pacemaker.md) Pacemaker migrates it: one AssociateAddress, no gap. Meanwhile it reads each Elastic IP's
association from EC2 (DescribeAddresses, the standard credential chain and Region) and prints the outcome, the
seconds, and the milliseconds EC2 answered "unassociated".

  --cluster <name>   the cluster this node is in (its cluster-name property; required)
  --to <node>        the node to move to, as crm_mon names it (required)
  --resource <id>    the group or primitive to move (default: the one holding an ocf:eip-failover resource)
  --lifetime <iso>   how long the move and ban constraints live if this command cannot remove them (default PT5M)
  --timeout <s>      seconds to wait for the move (default 120)
  --dry-run          print the plan (the commands it would run) and change nothing
  --json             one JSON document on stdout instead of the lines
  -h, --help         this text

${EXIT_CODES_HELP}`;

/**
 * Parses `move`'s command line.
 *
 * @throws UsageError naming the flag, its value and what would be valid.
 * @example
 * parseMoveArgs(["--cluster", "web", "--to", "nodeB"]) // { cluster: "web", to: "nodeB", lifetime: "PT5M", … }
 */
export function parseMoveArgs(argv: readonly string[]): Parsed<MoveOptions> {
  const v = strictFlags(argv, OPTIONS);
  if (v.help) return "help";
  for (const flag of ["cluster", "to"] as const) {
    const value = v[flag];
    if (value === undefined) throw new UsageError(`--${flag} is required (e.g. --cluster web --to nodeB)`);
    if (!NAME.test(value))
      throw new UsageError(
        `--${flag} '${value}' is not valid (expected a name of letters, digits, '.', '_' or '-')`,
      );
  }
  if (v.resource !== undefined && !NAME.test(v.resource))
    throw new UsageError(`--resource '${v.resource}' is not valid (expected a resource id, e.g. vip)`);
  if (!DURATION.test(v.lifetime))
    throw new UsageError(
      `--lifetime '${v.lifetime}' is not valid (expected an ISO 8601 duration, e.g. PT5M)`,
    );
  const timeoutSeconds = Number(v.timeout);
  if (!/^\d+$/.test(v.timeout) || timeoutSeconds < 1 || timeoutSeconds > 3600)
    throw new UsageError(`--timeout '${v.timeout}' is not valid (expected whole seconds from 1 to 3600)`);
  return {
    cluster: v.cluster as string,
    to: v.to as string,
    resource: v.resource,
    lifetime: v.lifetime,
    timeoutSeconds,
    dryRun: v["dry-run"],
    json: v.json,
  };
}
