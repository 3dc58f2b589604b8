import type { Context } from "aws-lambda";

/** What a test's invocation gets unless it asks for more: a minute, as a short Lambda timeout would. */
export const DEFAULT_REMAINING_MS = 60_000;

/**
 * A Lambda context as the runtime passes it, whose remaining time counts down from `ms` on `clock`.
 *
 * @example
 * await handler(event, lambdaContext(15 * 60_000));
 */
export function lambdaContext(ms: number = DEFAULT_REMAINING_MS, clock: () => number = Date.now): Context {
  const until = clock() + ms;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "eip-failover-dev-failover",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-northeast-1:123456789012:function:eip-failover-dev-failover",
    memoryLimitInMB: "256",
    awsRequestId: crypto.randomUUID(),
    logGroupName: "/aws/lambda/eip-failover-dev-failover",
    logStreamName: "sim",
    getRemainingTimeInMillis: () => Math.max(0, until - clock()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
