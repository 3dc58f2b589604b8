// The agent's only edge: argv, environment, stdout/stderr and the exit code. Pacemaker runs it as
// `eip <action>` with OCF_RESKEY_* in the environment. meta-data and usage answer before anything can fail.
import { parseConfig } from "./config.ts";
import { type AgentEnvironment, readEnvironment } from "./environment.ts";
import { fail, OcfExit } from "./exit.ts";
import { exitReasonLine, finish } from "./finish.ts";
import { metaData, usage } from "./meta-data.ts";
import { outcomeOf } from "./outcome.ts";
import { NETWORK_ACTIONS, type NetworkAction } from "./parameters.ts";
import { VERSION } from "./version.ts";

// The SDK's Node-version notice would land in Pacemaker's logs on every monitor.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// IMDSv2 only, also where the SDK fetches the instance role's credentials: without this its provider falls
// back to tokenless IMDSv1 when the token request fails or times out.
process.env.AWS_EC2_METADATA_V1_DISABLED = "true";

async function main(env: AgentEnvironment): Promise<void> {
  const t0 = performance.now();
  const action = process.argv[2] ?? "";
  if (action === "meta-data") {
    process.stdout.write(metaData(VERSION));
    process.exit(OcfExit.SUCCESS);
  }
  if (action === "usage" || action === "help") {
    process.stdout.write(`${usage("eip")}\n`);
    process.exit(OcfExit.SUCCESS);
  }
  if (!(NETWORK_ACTIONS as readonly string[]).includes(action)) {
    process.stderr.write(`${usage("eip")}\n`);
    const valid = [...NETWORK_ACTIONS, "meta-data", "usage", "help"].join(", ");
    finish(
      action,
      env,
      fail(OcfExit.ERR_UNIMPLEMENTED, `action not implemented: '${action}' (valid: ${valid})`),
      t0,
    );
  }
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20)
    finish(
      action,
      env,
      fail(OcfExit.ERR_INSTALLED, `Node.js ${process.versions.node} is too old (need >= 20.19)`),
      t0,
    );

  let config: ReturnType<typeof parseConfig>;
  try {
    // An unknown parameter fails every action but stop, which still releases what this node holds and logs
    // the name: a failed stop would make Pacemaker fence the node over a typo.
    config = parseConfig(process.env, { lenient: action === "stop" });
  } catch (error) {
    finish(action, env, outcomeOf(error), t0);
  }
  const ignored = config.ignored ? `ignored parameter(s) ${config.ignored.join(", ")}` : "";
  if (action === "validate-all" && config.checkLevel < 10)
    finish(
      action,
      env,
      { code: OcfExit.SUCCESS, note: "parameters valid (OCF_CHECK_LEVEL 0: syntax only)" },
      t0,
      ignored,
    );

  const { run } = await import("./run.ts");
  const ran = await run(action as NetworkAction, config);
  finish(action, env, ran, t0, [ran.timings, ignored].filter(Boolean).join("; "));
}

const environment = readEnvironment(process.env);
main(environment).catch((error: unknown) => {
  const why = `unexpected: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(exitReasonLine(environment, why));
  process.exit(OcfExit.ERR_GENERIC);
});
