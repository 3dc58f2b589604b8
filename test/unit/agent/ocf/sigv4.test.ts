import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { sign } from "../../../../agent/ocf/sigv4.ts";

// The agent's own SigV4 (agent/ocf/sigv4.ts) must sign exactly as the SDK's signer does: AWS accepts either only
// if both follow the same algorithm, and moto (the sim) never checks a signature.

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === "string"
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The SDK signer's hash: SHA-256, or HMAC-SHA-256 when given a secret. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const AT = new Date("2026-12-07T05:15:42.123Z");
const BODY = "Action=DescribeAddresses&Version=2016-11-15&AllocationId.1=eipalloc-0123456789abcdef0";
const CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

async function sdkSignature(
  url: URL,
  keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
) {
  const signer = new SignatureV4({
    credentials: keys,
    region,
    service: "ec2",
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { "content-type": CONTENT_TYPE, host: url.host },
      body: BODY,
    },
    { signingDate: AT },
  );
  return signed.headers;
}

describe("sign: Signature Version 4, as the SDK signs", () => {
  it.each([
    ["static keys, the public endpoint", new URL("https://ec2.ap-northeast-1.amazonaws.com/"), {}],
    [
      "a role's keys (session token), an endpoint with a port",
      new URL("http://127.0.0.1:4566/"),
      { sessionToken: "IQoJb3JpZ2luX2VjEJr//token+/=" },
    ],
  ])("%s: the same authorization, date and token headers", async (_, url, extra) => {
    // Prepare
    const keys = {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      ...extra,
    };
    // Act
    const ours = sign(
      { url, body: BODY, headers: { "Content-Type": CONTENT_TYPE } },
      keys,
      "ap-northeast-1",
      "ec2",
      AT,
    );
    const sdk = await sdkSignature(url, keys, "ap-northeast-1");
    // Assess
    expect(ours.authorization).toBe(sdk.authorization);
    expect(ours["x-amz-date"]).toBe("20261207T051542Z");
    expect(ours["x-amz-date"]).toBe(sdk["x-amz-date"]);
    expect(ours["x-amz-security-token"]).toBe(sdk["x-amz-security-token"]);
    expect(ours.host).toBe(url.host);
  });

  it("a different secret, Region or body gives a different signature", () => {
    const url = new URL("https://ec2.eu-west-1.amazonaws.com/");
    const keys = { accessKeyId: "AKID", secretAccessKey: "secret" };
    const base = sign({ url, body: BODY, headers: {} }, keys, "eu-west-1", "ec2", AT);
    const others = [
      sign({ url, body: BODY, headers: {} }, { ...keys, secretAccessKey: "other" }, "eu-west-1", "ec2", AT),
      sign({ url, body: BODY, headers: {} }, keys, "eu-west-2", "ec2", AT),
      sign({ url, body: `${BODY}0`, headers: {} }, keys, "eu-west-1", "ec2", AT),
    ];
    for (const other of others) expect(other.authorization).not.toBe(base.authorization);
    expect(base.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20261207\/eu-west-1\/ec2\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });
});
