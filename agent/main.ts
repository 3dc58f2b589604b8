// The agent's only edge: argv, environment, stdout/stderr and the exit code. Pacemaker runs it as
// `eip <action>` with OCF_RESKEY_* in the environment.
import { ParameterError, parseConfig } from "./config.ts";
import { fail, OcfExit, type Outcome } from "./exit.ts";
import { metaData, usage } from "./meta-data.ts";
import type { NetworkAction } from "./run.ts";

const VERSION = "0.1.0";
const NETWORK_ACTIONS: readonly string[] = ["start", "stop", "monitor", "status", "validate-all"];

// The SDK's Node-version notice would land in Pacemaker's logs on every monitor.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function finish(action: string, resource: string, outcome: Outcome, t0: number): never {
  const ms = (performance.now() - t0).toFixed(0);
  const what = "reason" in outcome ? outcome.reason : outcome.note;
  process.stderr.write(`eip-failover[${resource}] ${action}: ${what} (rc=${outcome.code}, ${ms} ms)\n`);
  if ("reason" in outcome)
    process.stderr.write(
      `${process.env.OCF_EXIT_REASON_PREFIX || "ocf-exit-reason:"}${outcome.reason.replace(/\n/g, " ")}\n`,
    );
  process.exit(outcome.code);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const action = process.argv[2] ?? "";
  const resource = process.env.OCF_RESOURCE_INSTANCE || "eip";
  if (action === "meta-data") {
    process.stdout.write(metaData(VERSION));
    process.exit(OcfExit.SUCCESS);
  }
  if (action === "usage" || action === "help") {
    process.stdout.write(`${usage("eip")}\n`);
    process.exit(OcfExit.SUCCESS);
  }
  if (!NETWORK_ACTIONS.includes(action)) {
    process.stderr.write(`${usage("eip")}\n`);
    finish(
      action,
      resource,
      fail(
        OcfExit.ERR_UNIMPLEMENTED,
        `action not implemented: '${action}' (valid: start, stop, monitor, status, validate-all, meta-data, usage)`,
      ),
      t0,
    );
  }
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20)
    finish(
      action,
      resource,
      fail(OcfExit.ERR_INSTALLED, `Node.js ${process.versions.node} is too old (need >= 20.19)`),
      t0,
    );

  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ParameterError) finish(action, resource, fail(error.code, error.message), t0);
    throw error;
  }
  if (action === "validate-all" && config.checkLevel < 10)
    finish(
      action,
      resource,
      { code: OcfExit.SUCCESS, note: "parameters valid (OCF_CHECK_LEVEL 0: syntax only)" },
      t0,
    );

  const { run } = await import("./run.ts");
  finish(action, resource, await run(action as NetworkAction, config, process.env), t0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ocf-exit-reason:unexpected: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(OcfExit.ERR_GENERIC);
});
