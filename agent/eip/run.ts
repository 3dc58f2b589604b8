import type { EC2Client } from "@aws-sdk/client-ec2";
import { createEc2Client } from "../../core/client.ts";
import { deadlineIn } from "../../core/deadline.ts";
import { resolveCredentials } from "../ocf/credentials.ts";
import { cachePath } from "../ocf/environment.ts";
import type { Outcome } from "../ocf/exit.ts";
import { loadIdentity } from "../ocf/identity.ts";
import { openImds } from "../ocf/imds.ts";
import { realTime } from "../ocf/lag.ts";
import { outcomeOf } from "../ocf/outcome.ts";
import { fileWritten, isAddressWritten } from "../ocf/written.ts";
import { type ActionContext, start, stop } from "./actions.ts";
import { type AgentConfig, budgetMs } from "./config.ts";
import { monitor } from "./monitor.ts";
import type { NetworkAction } from "./parameters.ts";
import { filePublicIpCache } from "./public-ip-cache.ts";
import { validateDeep } from "./validate.ts";

// The network half of the agent. main.ts imports it lazily, and the build bundles it apart, so meta-data,
// usage and validate-all at level 0 never load the SDK.

const HANDLERS: Record<NetworkAction, (ctx: ActionContext) => Promise<Outcome>> = {
  start,
  stop,
  monitor,
  status: monitor,
  "validate-all": validateDeep,
};

/** An outcome and where its time went, for the action's one log line. */
export type Ran = Outcome & { readonly timings: string };

/**
 * Runs one network action inside the operation's budget and turns any failure into its OCF outcome.
 * The Region is the configured one, else this instance's; the EC2 endpoint, profile and credentials come from
 * the SDK's standard variables and default chain; identity from the HA_RSCTMP cache or IMDSv2.
 *
 * @example
 * const outcome = await run("monitor", parseConfig(process.env));
 */
export async function run(action: NetworkAction, config: AgentConfig): Promise<Ran> {
  const t0 = performance.now();
  const deadline = deadlineIn(budgetMs(config.timeoutMs));
  let timings = "";
  try {
    const imdsTimeoutMs = Math.max(100, Math.min(2_000, deadline.remaining() / 3));
    const { identity, cached } = await loadIdentity({
      cachePath: cachePath(config.rscTmp, config.resource, "identity"),
      endpoint: config.imdsEndpoint,
      timeoutMs: imdsTimeoutMs,
      interfaceId: config.networkInterfaceId,
    });
    const t1 = performance.now();
    timings = `identity ${cached ? "cached" : `from IMDSv2 ${(t1 - t0).toFixed(0)} ms`}`;
    // Made on first use: a recurring monitor answered by IMDSv2 never loads the SDK (the build serves it lazily).
    let client: EC2Client | undefined;
    const ec2 = () =>
      (client ??= createEc2Client({
        region: config.region ?? identity.region,
        connectionTimeoutMs: 1_000,
        requestTimeoutMs: Math.max(1_000, Math.min(10_000, deadline.remaining())),
      }));
    const outcome = await HANDLERS[action]({
      get ec2() {
        return ec2();
      },
      config,
      identity,
      deadline,
      imds: () => openImds(config.imdsEndpoint, imdsTimeoutMs),
      // Credentials only when EC2 is asked: a monitor answered by IMDSv2 needs none.
      credentials: () => resolveCredentials(ec2(), deadline),
      publicIps: filePublicIpCache(cachePath(config.rscTmp, config.resource, "address")),
      written: fileWritten(cachePath(config.rscTmp, config.resource, "written"), isAddressWritten),
      time: realTime,
    });
    timings += `, EC2 ${(performance.now() - t1).toFixed(0)} ms`;
    return { ...outcome, timings };
  } catch (error) {
    return { ...outcomeOf(error), timings };
  }
}
