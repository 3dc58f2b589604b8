import { createEc2Client } from "../../core/client.ts";
import { deadlineIn } from "../../core/deadline.ts";
import { budgetMs } from "../eip/config.ts";
import type { NetworkAction } from "../eip/parameters.ts";
import { resolveCredentials } from "../ocf/credentials.ts";
import { cachePath } from "../ocf/environment.ts";
import type { Outcome } from "../ocf/exit.ts";
import { loadIdentity } from "../ocf/identity.ts";
import { realTime } from "../ocf/lag.ts";
import { outcomeOf } from "../ocf/outcome.ts";
import { fileWritten, isRoutesWritten } from "../ocf/written.ts";
import { monitorRoute, type RouteContext, startRoute, stopRoute, validateRoute } from "./actions.ts";
import type { RouteAgentConfig } from "./config.ts";
import { type IpRunner, systemIp } from "./ip.ts";

// The network half of the route agent; main.ts imports it lazily so meta-data and usage never load the SDK.

const HANDLERS: Record<NetworkAction, (ctx: RouteContext) => Promise<Outcome>> = {
  start: startRoute,
  stop: stopRoute,
  monitor: monitorRoute,
  status: monitorRoute,
  "validate-all": validateRoute,
};

/**
 * Runs one action of ocf:eip-failover:route inside the operation's budget and turns any failure into its OCF
 * outcome. Identity comes from the HA_RSCTMP cache or IMDSv2, as for the eip agent; EC2 is asked only when
 * an action needs the routes.
 *
 * @example
 * const outcome = await runRoute("monitor", parseRouteConfig(process.env));
 */
export async function runRoute(
  action: NetworkAction,
  config: RouteAgentConfig,
  ip: IpRunner = systemIp,
): Promise<Outcome> {
  const deadline = deadlineIn(budgetMs(config.timeoutMs));
  try {
    const aws = async () => {
      const imdsTimeoutMs = Math.max(100, Math.min(2_000, deadline.remaining() / 3));
      const { identity } = await loadIdentity({
        cachePath: cachePath(config.rscTmp, config.resource, "identity"),
        endpoint: config.imdsEndpoint,
        timeoutMs: imdsTimeoutMs,
      });
      const ec2 = createEc2Client({
        region: config.region ?? identity.region,
        connectionTimeoutMs: 1_000,
        requestTimeoutMs: Math.max(1_000, Math.min(10_000, deadline.remaining())),
      });
      await resolveCredentials(ec2, deadline);
      return { ec2, identity };
    };
    const written = fileWritten(cachePath(config.rscTmp, config.resource, "written"), isRoutesWritten);
    return await HANDLERS[action]({ config, deadline, ip, aws, written, time: realTime });
  } catch (error) {
    return outcomeOf(error);
  }
}
