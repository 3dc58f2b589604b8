import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { liveInvoke } from "../../../cli/invoke.ts";

const lambda = mockClient(LambdaClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => lambda.restore());
// The SDK types Payload as its blob adapter; the bytes are what the client reads.
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

describe("liveInvoke: the deployed controller, invoked directly", () => {
  beforeEach(() => lambda.reset());

  it("sends the payload RequestResponse and resolves to the answer", async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes({ selfCheck: "web", checks: [] }) });
    // Act
    const answer = await liveInvoke(new LambdaClient({ region: "eu-west-1" }), "f")({ cluster: "web" });
    // Assess
    expect(answer).toEqual({ selfCheck: "web", checks: [] });
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe("f");
    expect(input?.InvocationType).toBe("RequestResponse");
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({ cluster: "web" });
  });

  it("a function error rejects, naming the function and the error", async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: bytes({ errorType: "RetryableFailover", errorMessage: "1 address(es) failed transiently" }),
    });
    await expect(liveInvoke(new LambdaClient({ region: "eu-west-1" }), "f")({})).rejects.toThrow(
      "f failed (Unhandled): RetryableFailover: 1 address(es) failed transiently",
    );
  });
});
