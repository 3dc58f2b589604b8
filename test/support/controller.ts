import { PutParameterCommand } from "@aws-sdk/client-ssm";
import type { Context } from "aws-lambda";
import type { FailoverReport } from "../../functions/types.ts";
import { classicDoc } from "../../sim/drill/scenarios/common.ts";
import type { Region } from "../../sim/region.ts";

export const CONFIG_PREFIX = "/eip-failover/clusters/";

/** A Lambda context as the runtime passes it, with `ms` of remaining time. */
export function lambdaContext(ms = 60_000): Context {
  const until = Date.now() + ms;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "eip-failover-dev-failover",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-northeast-1:123456789012:function:eip-failover-dev-failover",
    memoryLimitInMB: "256",
    awsRequestId: crypto.randomUUID(),
    logGroupName: "/aws/lambda/eip-failover-dev-failover",
    logStreamName: "sim",
    getRemainingTimeInMillis: () => until - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export type Handler = (event: unknown, context: Context) => Promise<FailoverReport>;

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
    GRACE_POLL_MS: "200",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extraEnv,
  });
  const url = new URL("../../dist/functions/failover.mjs", import.meta.url);
  const mod = (await import(`${url.href}?t=${Date.now()}`)) as { handler: Handler };
  return mod.handler;
}

/** The classic cluster document for the region's topology; `over` may make it invalid on purpose. */
export function classicCluster(region: Region, over: Record<string, unknown> = {}) {
  return { ...classicDoc(region), ...over };
}

/** Stores a cluster document (or any text) in the sim's Parameter Store. */
export async function putCluster(region: Region, name: string, doc: unknown): Promise<void> {
  await region.ssm("admin").send(
    new PutParameterCommand({
      Name: `${CONFIG_PREFIX}${name}`,
      Value: typeof doc === "string" ? doc : JSON.stringify(doc),
      Type: "String",
      Overwrite: true,
    }),
  );
}
