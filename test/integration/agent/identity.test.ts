import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cachePath } from "../../../agent/ocf/environment.ts";
import { ImdsError } from "../../../agent/ocf/errors.ts";
import { fetchIdentity, loadIdentity } from "../../../agent/ocf/identity.ts";
import { openImds } from "../../../agent/ocf/imds.ts";
import { type Imds, type ImdsIdentity, startImds } from "../../../sim/imds.ts";

// The agent's own IMDSv2 client and identity cache against the sim's IMDS (real HTTP on loopback).
const NODE: ImdsIdentity = {
  instanceId: "i-0bbbbbbbbbbbbbbb1",
  availabilityZone: "ap-northeast-1c",
  region: "ap-northeast-1",
  macAddress: "02:00:00:00:00:0b",
  privateIp: "10.0.1.20",
  networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
};
const EXPECTED = {
  instanceId: NODE.instanceId,
  region: NODE.region,
  availabilityZone: NODE.availabilityZone,
  macAddress: NODE.macAddress,
  networkInterfaceId: NODE.networkInterfaceId,
  networkInterfaceIds: [NODE.networkInterfaceId],
  macs: { [NODE.networkInterfaceId]: NODE.macAddress },
};

describe("IMDSv2 client and identity cache", () => {
  let imds: Imds;
  let dir: string;
  beforeAll(async () => {
    imds = await startImds(NODE);
  });
  afterAll(() => imds.stop());
  beforeEach(() => {
    imds.setFault({ kind: "none" });
    dir = mkdtempSync(join(tmpdir(), "eip-identity-"));
  });

  it("asks with a token only: one PUT, then GETs that all carry it (never IMDSv1)", async () => {
    const before = imds.requestCount();
    const identity = await fetchIdentity(imds.endpoint, 1_000);
    expect(identity).toEqual(EXPECTED);
    expect(imds.requestCount() - before).toBe(7); // token, 5 at once, then the one interface's id
    expect(imds.tokenlessRequests()).toBe(0);
  });

  it.each([
    [{ kind: "unauthorized" } as const, /HTTP 401/],
    [{ kind: "down" } as const, /socket hang up|ECONNRESET/],
    [{ kind: "slow", delayMs: 500 } as const, /timed out after 100 ms/],
  ])("a refused, dead or slow IMDS (%j) is an error naming why, not a v1 fallback", async (fault, why) => {
    imds.setFault(fault);
    const error = await openImds(imds.endpoint, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImdsError);
    expect((error as Error).message).toMatch(why);
    const wrapped = (await fetchIdentity(imds.endpoint, 100).catch((e: unknown) => e)) as Error;
    expect(wrapped.message).toContain(`IMDSv2 did not answer at ${imds.endpoint}`);
    expect(imds.tokenlessRequests()).toBe(0);
  });

  it("caches the identity 0600 without the token; a warm load makes no IMDS call", async () => {
    const path = cachePath(dir, "vip:1", "identity");
    expect(path).toBe(join(dir, "eip-failover-vip_1.identity.json"));
    const cold = await loadIdentity({ cachePath: path, endpoint: imds.endpoint, timeoutMs: 1_000 });
    expect(cold).toEqual({ identity: EXPECTED, cached: false });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(EXPECTED);
    const before = imds.requestCount();
    imds.setFault({ kind: "down" });
    expect(await loadIdentity({ cachePath: path, endpoint: imds.endpoint, timeoutMs: 1_000 })).toEqual({
      identity: EXPECTED,
      cached: true,
    });
    expect(imds.requestCount()).toBe(before);
  });

  it.each([
    ["writable by others", (path: string) => chmodSync(path, 0o666)],
    ["not an identity", (path: string) => writeFileSync(path, '{"instanceId":"i-0aaaaaaaaaaaaaaa1"}')],
    ["not JSON", (path: string) => writeFileSync(path, "i-0aaaaaaaaaaaaaaa1")],
  ])("a cache file %s is not trusted: IMDSv2 is asked again", async (_, spoil) => {
    const path = cachePath(dir, "vip", "identity");
    await loadIdentity({ cachePath: path, endpoint: imds.endpoint, timeoutMs: 1_000 });
    spoil(path);
    const again = await loadIdentity({ cachePath: path, endpoint: imds.endpoint, timeoutMs: 1_000 });
    expect(again).toEqual({ identity: EXPECTED, cached: false });
  });

  it("an unwritable cache directory only costs IMDS calls next time", async () => {
    writeFileSync(join(dir, "file"), "");
    const path = join(dir, "file", "x.identity.json");
    const loaded = await loadIdentity({ cachePath: path, endpoint: imds.endpoint, timeoutMs: 1_000 });
    expect(loaded.cached).toBe(false);
  });
});
