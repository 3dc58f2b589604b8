import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { selfCheckOf } from "../functions/index.ts";
import type { Region } from "../sim/region.ts";
import { createDrillController, type DrillController, directHandler } from "./drill/controller.ts";
import { drillStackOf } from "./drill/stack.ts";

/** Invokes the controller directly with `payload` and resolves to its answer; rejects with its error. */
export type Invoke = (payload: unknown) => Promise<unknown>;

/**
 * The deployed controller, invoked as an operator's `aws lambda invoke` would: RequestResponse, so the answer
 * comes back. A function error (the handler threw) rejects, naming the function and the error.
 *
 * @example
 * const report = await liveInvoke(lambda, "eip-failover-dev-failover")({ "eip-failover": "self-check", cluster: "web" });
 */
export function liveInvoke(lambda: LambdaClient, functionName: string): Invoke {
  return async (payload) => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : "null";
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error(`${functionName} answered with something that is not JSON: ${text.slice(0, 200)}`);
    }
    if (out.FunctionError) {
      const e = answer as { errorType?: string; errorMessage?: string } | null;
      throw new Error(
        `${functionName} failed (${out.FunctionError}): ${e?.errorType ?? "Error"}: ${e?.errorMessage ?? text}`,
      );
    }
    return answer;
  };
}

/**
 * The embedded region's controller: the real one, in-process, as the drill runs it (EC2 and SSM through the
 * proxy as client "lambda"), since moto cannot run a Lambda. The self-check's exact payload is a direct invocation
 * of the handler, as an operator's `aws lambda invoke` is, so it needs no stack; any other payload is sent to the
 * deployed stack's decisions queue as it is. Its log lines are dropped.
 */
export function embeddedInvoke(region: Region): Invoke {
  let direct: ((event: unknown) => Promise<unknown>) | undefined;
  let controller: Promise<DrillController> | undefined;
  const ready = () =>
    (controller ??= drillStackOf(region).then(
      (stack) => createDrillController(region, () => {}, { dryRun: false, stack }),
      (error: unknown) => {
        controller = undefined; // the next call looks again
        throw error;
      },
    ));
  return async (payload) => {
    if (selfCheckOf(payload) !== undefined) {
      direct ??= directHandler(region, () => {});
      return direct(payload);
    }
    const answer = await (await ready()).enqueue(payload);
    if ("error" in answer) throw answer.error;
    return answer.report;
  };
}
