import { UsageError } from "./errors.ts";
import { DEFAULT_STACK } from "./stack/constants.ts";

/** Where a command runs: the embedded region (default), or a real account with --live. */
export type Where =
  | { readonly live: false }
  | { readonly live: true; readonly region: string | undefined; readonly stack: string };

/** The flags every command takes to say where it runs (node:util parseArgs options). */
export const WHERE_OPTIONS = {
  live: { type: "boolean", default: false },
  region: { type: "string" },
  stack: { type: "string" },
} as const;

/** The --help lines for {@link WHERE_OPTIONS}. */
export const WHERE_HELP = `  --live            a real account instead of the embedded region: the standard AWS credential chain
                    (environment, profile, SSO, instance role), the stack's resources from CloudFormation
  --region <name>   with --live: the Region (default: the chain's, e.g. AWS_REGION), e.g. ap-northeast-1
  --stack <name>    with --live: the deployed stack (default ${DEFAULT_STACK}: serverless.yml's service-stage)`;

// AWS Region names (ap-northeast-1, us-gov-west-1, eu-isoe-west-1) and CloudFormation stack names.
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Where to run, from the parsed flags.
 *
 * @throws UsageError naming the flag, the value and what would be valid.
 * @example
 * whereOf({ live: true, region: "eu-west-1" }) // { live: true, region: "eu-west-1", stack: "eip-failover-dev" }
 */
export function whereOf(v: { live?: boolean; region?: string; stack?: string }): Where {
  if (!v.live) {
    for (const flag of ["region", "stack"] as const)
      if (v[flag] !== undefined)
        throw new UsageError(
          `--${flag} '${v[flag]}' applies only with --live (without it the command runs on the embedded region)`,
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
