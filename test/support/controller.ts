import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Context } from "aws-lambda";
import { beforeAll } from "vitest";
import { classicDoc } from "../../cli/drill/scenarios/common.ts";
import { putCluster as storeCluster } from "../../cli/harness/index.ts";
import type { FailoverReport } from "../../functions/types.ts";
import type { Region, RegionOptions } from "../../sim/region.ts";
import { useRegion } from "./region.ts";

export const CONFIG_PREFIX = "/eip-failover/clusters/";

export { lambdaContext } from "../../cli/harness/index.ts";

export type Handler = (event: unknown, context: Context) => Promise<FailoverReport>;

const REPORT = "REPORT:";

/**
 * Invokes the BUILT handler once in a Node process of its own, as a cold Lambda container would: its
 * environment (the sim's as client "lambda", CONFIG_PREFIX, then `env`) is read at import, which a dynamic
 * import inside vitest cannot repeat. Returns the report and everything else the process wrote (its logs).
 */
export async function invokeInOwnProcess(
  region: Region,
  event: unknown,
  env: Record<string, string>,
): Promise<{ report: FailoverReport; logs: string }> {
  const built = new URL("../../dist/functions/failover.mjs", import.meta.url).href;
  const script = `
    const { handler } = await import(${JSON.stringify(built)});
    const until = Date.now() + 30000;
    const report = await handler(${JSON.stringify(event)}, { functionName: "f", awsRequestId: "r", invokedFunctionArn: "arn:aws:lambda:ap-northeast-1:123456789012:function:f", memoryLimitInMB: "256", functionVersion: "$LATEST", getRemainingTimeInMillis: () => until - Date.now() });
    process.stdout.write("\\n${REPORT}" + JSON.stringify(report) + "\\n");
  `;
  const out = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    env: {
      ...process.env,
      ...region.env("lambda"),
      CONFIG_PREFIX,
      ...env,
    },
  });
  const lines = `${out.stdout}${out.stderr}`.split("\n");
  const reportLine = lines.find((line) => line.startsWith(REPORT));
  if (!reportLine) throw new Error(`the handler process wrote no report:\n${lines.join("\n")}`);
  return {
    report: JSON.parse(reportLine.slice(REPORT.length)) as FailoverReport,
    logs: lines.filter((line) => line !== reportLine).join("\n"),
  };
}

/**
 * Imports the BUILT handler (dist/functions/failover.mjs) with the environment a deployment would give it,
 * pointed at the sim proxy as client "lambda". Its clients are created at import, so call this once per file
 * after the region started.
 */
export async function importBuiltHandler(
  region: Region,
  extraEnv: Record<string, string> = {},
): Promise<Handler> {
  Object.assign(process.env, region.env("lambda"), {
    CONFIG_PREFIX,
    CONFIG_CACHE_SECONDS: "0",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    ...extraEnv,
  });
  const url = new URL("../../dist/functions/failover.mjs", import.meta.url);
  const mod = (await import(`${url.href}?t=${Date.now()}`)) as { handler: Handler };
  return mod.handler;
}

/**
 * One sim region for the calling test file (useRegion, with its options) and the BUILT handler over it, imported
 * once after the region started. `handler` may be called inside tests only.
 */
export function useBuiltHandler(options: RegionOptions & { resetEach?: boolean } = {}): {
  readonly sim: ReturnType<typeof useRegion>;
  readonly handler: Handler;
} {
  const sim = useRegion(options);
  let built: Handler | undefined;
  beforeAll(async () => {
    built = await importBuiltHandler(sim.region);
  });
  const handler: Handler = (event, context) => {
    if (!built) throw new Error("handler not imported: call it inside a test");
    return built(event, context);
  };
  return { sim, handler };
}

/** The classic cluster document for the region's topology; `over` may make it invalid on purpose. */
export function classicCluster(region: Region, over: Record<string, unknown> = {}) {
  return { ...classicDoc(region), ...over };
}

/** Stores a cluster document (or any text) in the sim's Parameter Store, as client "admin". */
export function putCluster(region: Region, name: string, doc: unknown): Promise<void> {
  return storeCluster(region.ssm("admin"), name, doc, CONFIG_PREFIX);
}
