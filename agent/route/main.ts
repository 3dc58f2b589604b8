// The route agent's only edge (ocf:eip-failover:route): argv, environment, stdout/stderr and the exit code.
// meta-data and usage answer before anything can fail, as in the eip agent.
import { readEnvironment } from "../environment.ts";
import { fail, OcfExit } from "../exit.ts";
import { exitReasonLine, finish } from "../finish.ts";
import { outcomeOf } from "../outcome.ts";
import { NETWORK_ACTIONS, type NetworkAction } from "../parameters.ts";
import { VERSION } from "../version.ts";
import { parseRouteConfig, type RouteAgentConfig } from "./config.ts";
import { routeMetaData, routeUsage } from "./meta-data.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// IMDSv2 only, also where the SDK fetches the instance role's credentials.
process.env.AWS_EC2_METADATA_V1_DISABLED = "true";

const environment = {
  ...readEnvironment(process.env),
  resource: process.env.OCF_RESOURCE_INSTANCE || "route",
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const action = process.argv[2] ?? "";
  if (action === "meta-data") {
    process.stdout.write(routeMetaData(VERSION));
    process.exit(OcfExit.SUCCESS);
  }
  if (action === "usage" || action === "help") {
    process.stdout.write(`${routeUsage("route")}\n`);
    process.exit(OcfExit.SUCCESS);
  }
  if (!(NETWORK_ACTIONS as readonly string[]).includes(action)) {
    process.stderr.write(`${routeUsage("route")}\n`);
    const valid = [...NETWORK_ACTIONS, "meta-data", "usage", "help"].join(", ");
    finish(
      action,
      environment,
      fail(OcfExit.ERR_UNIMPLEMENTED, `action not implemented: '${action}' (valid: ${valid})`),
      t0,
    );
  }
  let config: RouteAgentConfig;
  try {
    // stop is lenient about unknown parameters, so a typo cannot make Pacemaker fence the node.
    config = parseRouteConfig(process.env, { lenient: action === "stop" });
  } catch (error) {
    finish(action, environment, outcomeOf(error), t0);
  }
  const ignored = config.ignored ? `ignored parameter(s) ${config.ignored.join(", ")}` : "";
  if (action === "validate-all" && config.checkLevel < 10)
    finish(
      action,
      environment,
      { code: OcfExit.SUCCESS, note: "parameters valid (OCF_CHECK_LEVEL 0: syntax only)" },
      t0,
      ignored,
    );
  const { runRoute } = await import("./run.ts");
  finish(action, environment, await runRoute(action as NetworkAction, config), t0, ignored);
}

main().catch((error: unknown) => {
  const why = `unexpected: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(exitReasonLine(environment, why));
  process.exit(OcfExit.ERR_GENERIC);
});
