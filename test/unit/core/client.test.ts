import { describe, expect, it } from "vitest";
import { createEc2Client } from "../../../core/client.ts";

/** The handler's options as it resolved them (smithy keeps them behind a promise until the first request). */
const handlerOptions = (client: ReturnType<typeof createEc2Client>) =>
  (client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> })
    .configProvider;

describe("createEc2Client: the SDK's retries off, timeouts that fail a request", () => {
  it("makes one attempt per send, with 1 s to connect and 5 s per request by default, which then throws", async () => {
    // Act
    const client = createEc2Client({ region: "ap-northeast-1" });
    // Assess
    expect(await client.config.maxAttempts()).toBe(1);
    expect(await handlerOptions(client)).toMatchObject({
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    });
  });

  it("takes the region, the endpoint, the timeouts and extra configuration given", async () => {
    // Act
    const client = createEc2Client({
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:4566",
      connectionTimeoutMs: 200,
      requestTimeoutMs: 900,
      extra: { maxAttempts: 2 },
    });
    // Assess
    expect(await client.config.region()).toBe("eu-west-1");
    expect((await client.config.endpoint?.())?.port).toBe(4566);
    expect(await client.config.maxAttempts()).toBe(2);
    expect(await handlerOptions(client)).toMatchObject({ connectionTimeout: 200, requestTimeout: 900 });
  });

  it("without a region or an endpoint, leaves both to the SDK's own chain", async () => {
    // Prepare: the SDK's chain reads AWS_REGION; none set means none configured here
    const client = createEc2Client({ extra: { region: "sa-east-1" } });
    // Act / Assess
    expect(await client.config.region()).toBe("sa-east-1");
    expect(client.config.endpoint).toBeUndefined();
  });
});
