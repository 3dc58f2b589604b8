// Covered by test/integration/agent/exit-codes.test.ts (the built agent, spawned against sim/).
import { cibTargetRole } from "../ocf/cib.ts";
import { cachePath } from "../ocf/environment.ts";
import type { Outcome } from "../ocf/exit.ts";
import { realTime } from "../ocf/lag.ts";
import { outcomeOf } from "../ocf/outcome.ts";
import type { NetworkAction } from "../ocf/parameters.ts";
import { deadlineOf, openAws } from "../ocf/run.ts";
import { sinceStart } from "../ocf/uptime.ts";
import { fileWritten } from "../ocf/written.ts";
import { type ActionContext, start } from "./actions.ts";
import { queryAddresses } from "./addresses-query.ts";
import type { AgentConfig } from "./config.ts";
import { migrateFrom, migrateTo } from "./migrate.ts";
import { monitor } from "./monitor.ts";
import { isAddressWritten } from "./own-association.ts";
import { filePublicIpCache } from "./public-ip-cache.ts";
import { stop } from "./stop.ts";
import { validateDeep } from "./validate.ts";

// The network half of the eip agent. main.ts imports it lazily, and the build bundles it apart, so meta-data,
// usage and validate-all at level 0 never load the SDK.

const HANDLERS: Record<NetworkAction, (ctx: ActionContext) => Promise<Outcome>> = {
  start,
  stop,
  migrate_to: migrateTo,
  migrate_from: migrateFrom,
  monitor,
  status: monitor,
  "validate-all": validateDeep,
};

/** An outcome and where its time went, for the action's one log line. */
export type Ran = Outcome & { readonly timings: string };

/**
 * Runs one network action inside the operation's budget and turns any failure into its OCF outcome (the edge:
 * ../ocf/run.ts).
 *
 * @example
 * const outcome = await run("monitor", parseConfig(process.env));
 */
export async function run(action: NetworkAction, config: AgentConfig): Promise<Ran> {
  const t0 = sinceStart();
  const deadline = deadlineOf(config);
  let timings = "";
  try {
    const aws = await openAws(config, deadline, config.networkInterfaceId);
    const t1 = sinceStart();
    timings = `identity ${aws.cached ? "cached" : `from IMDSv2 ${(t1 - t0).toFixed(0)} ms`}`;
    const outcome = await HANDLERS[action]({
      get ec2() {
        return aws.ec2();
      },
      config,
      identity: aws.identity,
      deadline,
      imds: aws.imds,
      // A monitor's EC2 read (a probe's always) without the SDK, where its endpoint and keys are found without it;
      // looked for on the first read only: a monitor answered by IMDSv2 reads no shared file.
      get addresses() {
        const target = action === "monitor" || action === "status" ? aws.query() : undefined;
        return target && queryAddresses(target, aws.requestTimeoutMs);
      },
      // Credentials only when EC2 is asked: a monitor answered by IMDSv2 needs none.
      credentials: aws.credentials,
      publicIps: filePublicIpCache(cachePath(config.rscTmp, config.resource, "address")),
      written: fileWritten(cachePath(config.rscTmp, config.resource, "written"), isAddressWritten),
      // Asked by a stop only: Pacemaker does not pass the resource's target-role (../ocf/cib.ts).
      targetRole: () => cibTargetRole(config.resource),
      time: realTime,
    });
    timings += `, EC2 ${(sinceStart() - t1).toFixed(0)} ms`;
    return { ...outcome, timings };
  } catch (error) {
    return { ...outcomeOf(error), timings };
  }
}
