import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { MetadataService } from "@aws-sdk/ec2-metadata-service";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openImds } from "../../../agent/ocf/imds.ts";
import { type Imds, type ImdsIdentity, startImds } from "../../../sim/imds.ts";
import type { ImdsAssociation } from "../../../sim/imds-associations.ts";

const run = promisify(execFile);
const identity: ImdsIdentity = {
  instanceId: "i-0aaaaaaaaaaaaaaa1",
  availabilityZone: "ap-northeast-1a",
  region: "ap-northeast-1",
  macAddress: "02:00:00:00:00:0a",
  privateIp: "10.0.0.20",
  networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
};

async function curl(args: string[]): Promise<{ code: string; body: string }> {
  const { stdout } = await run("curl", ["-s", "-w", "\n%{http_code}", ...args]);
  const lines = stdout.split("\n");
  return { code: lines.pop() ?? "", body: lines.join("\n") };
}

describe("per-node IMDSv2", () => {
  let now = Date.now();
  let imds: Imds;
  beforeAll(async () => {
    imds = await startImds(identity, { clock: () => now });
  });
  beforeEach(() => {
    now = Date.now();
    imds.setFault({ kind: "none" });
  });
  afterAll(() => imds.stop());

  it("answers the SDK's own IMDSv2 client with the node's data", async () => {
    const sdk = new MetadataService({ endpoint: imds.endpoint, disableFetchToken: false });
    expect(await sdk.request("/latest/meta-data/instance-id", {})).toBe(identity.instanceId);
    expect(await sdk.request("/latest/meta-data/placement/availability-zone", {})).toBe("ap-northeast-1a");
    expect(await sdk.request("/latest/meta-data/placement/region", {})).toBe("ap-northeast-1");
    expect(await sdk.request("/latest/meta-data/mac", {})).toBe(identity.macAddress);
    expect(await sdk.request("/latest/meta-data/local-ipv4", {})).toBe("10.0.0.20");
    expect(await sdk.request("/latest/meta-data/network/interfaces/macs/", {})).toBe(
      `${identity.macAddress}/`,
    );
    expect(
      await sdk.request(`/latest/meta-data/network/interfaces/macs/${identity.macAddress}/interface-id`, {}),
    ).toBe(identity.networkInterfaceId);
    expect(
      await sdk.request(`/latest/meta-data/network/interfaces/macs/${identity.macAddress}/local-ipv4s`, {}),
    ).toBe("10.0.0.20");
  });

  it("the SDK client refuses to fall back to IMDSv1 when tokens are refused", async () => {
    imds.setFault({ kind: "unauthorized" });
    const sdk = new MetadataService({
      endpoint: imds.endpoint,
      disableFetchToken: false,
      ec2MetadataV1Disabled: true,
    });
    await expect(sdk.request("/latest/meta-data/instance-id", {})).rejects.toThrow();
  });

  it("curl: token, then a GET with it; 401 without or with an expired token", async () => {
    const token = await curl([
      "-X",
      "PUT",
      "-H",
      "X-aws-ec2-metadata-token-ttl-seconds: 2",
      `${imds.endpoint}/latest/api/token`,
    ]);
    expect(token.code).toBe("200");
    const url = `${imds.endpoint}/latest/meta-data/instance-id`;
    expect(await curl(["-H", `X-aws-ec2-metadata-token: ${token.body}`, url])).toEqual({
      code: "200",
      body: identity.instanceId,
    });
    expect((await curl([url])).code).toBe("401");
    now += 3_000;
    expect((await curl(["-H", `X-aws-ec2-metadata-token: ${token.body}`, url])).code).toBe("401");
  });

  it.each(["0", "21601", "abc", ""])("refuses a token TTL of '%s' with 400", async (ttl) => {
    const res = await curl([
      "-X",
      "PUT",
      "-H",
      `X-aws-ec2-metadata-token-ttl-seconds: ${ttl}`,
      `${imds.endpoint}/latest/api/token`,
    ]);
    expect(res.code).toBe("400");
  });

  it("refuses a token PUT carrying X-Forwarded-For", async () => {
    const res = await curl([
      "-X",
      "PUT",
      "-H",
      "X-aws-ec2-metadata-token-ttl-seconds: 60",
      "-H",
      "X-Forwarded-For: 10.0.0.9",
      `${imds.endpoint}/latest/api/token`,
    ]);
    expect(res.code).toBe("403");
  });

  it("faults: down resets connections, slow delays, unauthorized answers 401", async () => {
    const put = (signal?: AbortSignal) =>
      fetch(`${imds.endpoint}/latest/api/token`, {
        method: "PUT",
        headers: { "x-aws-ec2-metadata-token-ttl-seconds": "60" },
        ...(signal ? { signal } : {}),
      });
    imds.setFault({ kind: "down" });
    await expect(put()).rejects.toThrow();
    // Slow holds the answer back: a client whose patience ends first (its timer is set before IMDS's, in this
    // same process, so it fires first however busy the machine) gives up; a patient one gets it.
    imds.setFault({ kind: "slow", delayMs: 1_000 });
    await expect(put(AbortSignal.timeout(100))).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await put()).status).toBe(200);
    imds.setFault({ kind: "unauthorized" });
    expect((await put()).status).toBe(401);
  });
});

const MAC = `network/interfaces/macs/${identity.macAddress}`;

describe("per-node IMDSv2: the interface's Elastic IPs, from the region's associations, with a lag", () => {
  let now = 1_000_000;
  let current: readonly ImdsAssociation[] = [];
  const asked: string[] = [];
  let imds: Imds;
  beforeAll(async () => {
    imds = await startImds(identity, {
      clock: () => now,
      associationLagMs: 5_000,
      associations: async (eni) => {
        asked.push(eni);
        return current;
      },
    });
  });
  afterAll(() => imds.stop());

  it("serves public-ipv4s and ipv4-associations/<ip>; 404 when none; lagging both ways", async () => {
    // Prepare
    const session = await openImds(imds.endpoint, 1_000);
    // Act / Assess: nothing associated
    expect(await session.find(`${MAC}/public-ipv4s`)).toBeUndefined();
    // an association made shows once the lag has passed
    current = [
      { publicIp: "203.0.113.10", privateIp: "10.0.0.20" },
      { publicIp: "203.0.113.11", privateIp: "10.0.0.21" },
    ];
    expect(await session.find(`${MAC}/public-ipv4s`)).toBeUndefined();
    now += 5_000;
    expect(await session.get(`${MAC}/public-ipv4s`)).toBe("203.0.113.10\n203.0.113.11");
    expect(await session.get(`${MAC}/ipv4-associations/`)).toBe("203.0.113.10\n203.0.113.11");
    expect(await session.get(`${MAC}/ipv4-associations/203.0.113.11`)).toBe("10.0.0.21");
    expect(await session.find(`${MAC}/ipv4-associations/198.51.100.1`)).toBeUndefined();
    // an association removed still shows until the lag has passed
    current = [];
    expect(await session.get(`${MAC}/public-ipv4s`)).toBe("203.0.113.10\n203.0.113.11");
    now += 5_000;
    expect(await session.find(`${MAC}/public-ipv4s`)).toBeUndefined();
    expect(new Set(asked)).toEqual(new Set([identity.networkInterfaceId]));
  });

  it("other keys do not ask the region", async () => {
    const before = asked.length;
    const session = await openImds(imds.endpoint, 1_000);
    expect(await session.get("instance-id")).toBe(identity.instanceId);
    expect(await session.find(`${MAC}/nothing-here`)).toBeUndefined();
    expect(asked.length).toBe(before);
  });
});
