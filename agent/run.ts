import { createEc2Client } from "../core/client.ts";
import { deadlineIn } from "../core/deadline.ts";
import { type ActionContext, monitor, start, stop, validateDeep } from "./actions.ts";
import { type AgentConfig, budgetMs } from "./config.ts";
import type { Outcome } from "./exit.ts";
import { identityCachePath, loadIdentity } from "./identity.ts";
import { outcomeOf } from "./outcome.ts";

/** The actions that talk to AWS. Loaded lazily by main.ts so meta-data and usage never load the SDK. */
export type NetworkAction = "start" | "stop" | "monitor" | "status" | "validate-all";

const HANDLERS: Record<NetworkAction, (ctx: ActionContext) => Promise<Outcome>> = {
  start,
  stop,
  monitor,
  status: monitor,
  "validate-all": validateDeep,
};

/**
 * Runs one network action inside the operation's budget and turns any failure into its OCF outcome.
 * The EC2 endpoint, credentials and profile come from the SDK's standard variables and default chain.
 */
export async function run(
  action: NetworkAction,
  config: AgentConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Outcome & { cachedIdentity?: boolean }> {
  const deadline = deadlineIn(budgetMs(config.timeoutMs));
  try {
    const { identity, cached } = await loadIdentity({
      cachePath: identityCachePath(env, config.resource),
      endpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT,
      timeoutMs: Math.min(2_000, deadline.remaining() / 3),
    });
    const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? identity.region;
    const ec2 = createEc2Client({
      region,
      connectionTimeoutMs: 1_000,
      requestTimeoutMs: Math.max(1_000, Math.min(10_000, deadline.remaining())),
    });
    const outcome = await HANDLERS[action]({ ec2, config, identity, deadline });
    return { ...outcome, cachedIdentity: cached };
  } catch (error) {
    return outcomeOf(error);
  }
}
