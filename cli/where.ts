import { UsageError } from "./errors.ts";
import { DEFAULT_STACK } from "./stack/constants.ts";

/** Where a command runs: the embedded region, or a real account (the standard credential chain). */
export type Where =
  | { readonly live: false }
  | { readonly live: true; readonly region: string | undefined; readonly stack: string };

/**
 * The flags every command takes to say where it runs (node:util parseArgs options). `status` and `doctor` look
 * at the real account unless --embedded; `drill` runs on the embedded region unless --live (a dry run).
 */
export const WHERE_OPTIONS = {
  live: { type: "boolean", default: false },
  embedded: { type: "boolean", default: false },
  region: { type: "string" },
  stack: { type: "string" },
} as const;

const ACCOUNT_HELP = `  --region <name>   the Region (default: the chain's, e.g. AWS_REGION), e.g. ap-northeast-1
  --stack <name>    the deployed stack (default ${DEFAULT_STACK}: serverless.yml's service-stage)`;

/** The --help lines of {@link WHERE_OPTIONS} for `status` and `doctor`: the real account by default. */
export const LIVE_BY_DEFAULT_HELP = `  (default)         the real account: the standard AWS credential chain (environment, profile, SSO,
                    instance role) and its endpoint settings (AWS_ENDPOINT_URL…), the stack's resources
                    from CloudFormation
${ACCOUNT_HELP}
  --live            the same as the default (accepted for scripts written before it was)
  --embedded        the embedded region instead (moto, proxy, IMDS, started and stopped by the command, with
                    the drill's topology deployed as a correct setup): never your account`;

/** The --help lines of {@link WHERE_OPTIONS} for `drill`: the embedded region by default. */
export const EMBEDDED_BY_DEFAULT_HELP = `  --embedded        the embedded region (the default; accepted for symmetry with status and doctor)
  --live            with --cluster: a real account instead (a dry run: it changes nothing), through the
                    standard AWS credential chain and its endpoint settings (AWS_ENDPOINT_URL…)
  --region <name>   with --live: the Region (default: the chain's, e.g. AWS_REGION), e.g. ap-northeast-1
  --stack <name>    with --live: the deployed stack (default ${DEFAULT_STACK}: serverless.yml's service-stage)`;

// AWS Region names (ap-northeast-1, us-gov-west-1, eu-isoe-west-1) and CloudFormation stack names.
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Where to run, from the parsed flags: `liveByDefault` for `status` and `doctor` (the real account unless
 * --embedded), not for `drill` (the embedded region unless --live).
 *
 * @throws UsageError naming the flag, the value and what would be valid.
 * @example
 * whereOf({ region: "eu-west-1" }, true) // { live: true, region: "eu-west-1", stack: "eip-failover-dev" }
 * whereOf({ embedded: true }, true) // { live: false }
 */
export function whereOf(
  v: { live?: boolean; embedded?: boolean; region?: string; stack?: string },
  liveByDefault: boolean,
): Where {
  if (v.live && v.embedded)
    throw new UsageError("--live and --embedded contradict each other (give one: where the command looks)");
  const live = v.live || (liveByDefault && !v.embedded);
  if (!live) {
    for (const flag of ["region", "stack"] as const)
      if (v[flag] !== undefined)
        throw new UsageError(
          `--${flag} '${v[flag]}' applies only to a real account (${liveByDefault ? "drop --embedded" : "add --live"})`,
        );
    return { live: false };
  }
  if (v.region !== undefined && !REGION_NAME.test(v.region))
    throw new UsageError(`--region '${v.region}' is not valid (expected a Region name, e.g. ap-northeast-1)`);
  if (v.stack !== undefined && !STACK_NAME.test(v.stack))
    throw new UsageError(
      `--stack '${v.stack}' is not valid (expected a CloudFormation stack name: a letter, then letters, digits and -, at most 128; e.g. ${DEFAULT_STACK})`,
    );
  return { live: true, region: v.region, stack: v.stack ?? DEFAULT_STACK };
}
