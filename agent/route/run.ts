// Covered by test/integration/agent/route-pacemaker-tools.test.ts and lagging-reads.test.ts (the built agent, spawned).
import { cachePath } from "../ocf/environment.ts";
import type { Outcome } from "../ocf/exit.ts";
import { realTime } from "../ocf/lag.ts";
import { outcomeOf } from "../ocf/outcome.ts";
import type { NetworkAction } from "../ocf/parameters.ts";
import { deadlineOf, openAws } from "../ocf/run.ts";
import { fileWritten } from "../ocf/written.ts";
import { monitorRoute, type RouteContext, startRoute, stopRoute, validateRoute } from "./actions.ts";
import type { RouteAgentConfig } from "./config.ts";
import { type IpRunner, systemIp } from "./ip.ts";
import { migrateFromRoute, migrateToRoute } from "./migrate.ts";
import { isRoutesWritten } from "./own-routes.ts";

// The network half of the route agent; main.ts imports it lazily so meta-data and usage never load the SDK.

const HANDLERS: Record<NetworkAction, (ctx: RouteContext) => Promise<Outcome>> = {
  start: startRoute,
  stop: stopRoute,
  migrate_to: migrateToRoute,
  migrate_from: migrateFromRoute,
  monitor: monitorRoute,
  status: monitorRoute,
  "validate-all": validateRoute,
};

/**
 * Runs one action of ocf:eip-failover:route inside the operation's budget and turns any failure into its OCF
 * outcome. Identity and EC2 come from the edge both agents share (../ocf/run.ts), opened only when an action
 * needs the routes.
 *
 * @example
 * const outcome = await runRoute("monitor", parseRouteConfig(process.env));
 */
export async function runRoute(
  action: NetworkAction,
  config: RouteAgentConfig,
  ip: IpRunner = systemIp,
): Promise<Outcome> {
  const deadline = deadlineOf(config);
  try {
    const aws = async () => {
      const edge = await openAws(config, deadline);
      await edge.credentials();
      return { ec2: edge.ec2(), identity: edge.identity };
    };
    const written = fileWritten(cachePath(config.rscTmp, config.resource, "written"), isRoutesWritten);
    return await HANDLERS[action]({ config, deadline, ip, aws, written, time: realTime });
  } catch (error) {
    return outcomeOf(error);
  }
}
