import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DescribeAddressesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simEnv } from "../../../sim/clients.ts";
import { REGION } from "../../../sim/constants.ts";
import { type Moto, startMoto } from "../../../sim/moto.ts";
import { type SimProxy, startProxy } from "../../../sim/proxy.ts";

const run = promisify(execFile);
const credentials = (id: string) => ({ accessKeyId: id, secretAccessKey: "testing" });
const throttle = { kind: "http", status: 503, code: "RequestLimitExceeded" } as const;

describe("the sim proxy in front of moto", () => {
  let moto: Moto;
  let proxy: SimProxy;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy({ target: moto.endpoint });
  });
  beforeEach(() => {
    proxy.log.clear();
    proxy.setFaults([]);
    proxy.setThrottling({ kind: "off" });
  });
  afterAll(async () => {
    await proxy.stop();
    await moto.stop();
  });

  it("the SDK v3 treats RequestLimitExceeded as throttling and backs off", async () => {
    // Prepare: the SDK's own standard retry strategy (3 attempts), two throttled answers first
    const ec2 = new EC2Client({ region: REGION, endpoint: proxy.endpoint, credentials: credentials("sdk") });
    proxy.setFaults([{ action: "DescribeAddresses", calls: [1, 2], fault: throttle }]);
    // Act
    const out = await ec2.send(new DescribeAddressesCommand({}));
    // Assess
    expect(out.$metadata.attempts).toBe(3);
    expect(out.$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(proxy.log.count({ action: "DescribeAddresses", client: "sdk" })).toBe(3);
    ec2.destroy();
  });

  it("the SDK gives up with RequestLimitExceeded when the bucket stays empty", async () => {
    const ec2 = new EC2Client({
      region: REGION,
      endpoint: proxy.endpoint,
      credentials: credentials("sdk"),
      maxAttempts: 2,
    });
    proxy.setFaults([{ action: "DescribeAddresses", fault: throttle }]);
    await expect(ec2.send(new DescribeAddressesCommand({}))).rejects.toMatchObject({
      name: "RequestLimitExceeded",
    });
    ec2.destroy();
  });

  it("the aws CLI parses proxied responses and errors", async () => {
    const env = { ...process.env, ...simEnv(proxy.endpoint), AWS_ACCESS_KEY_ID: "cli" };
    const ok = await run("aws", ["ec2", "describe-addresses", "--output", "json"], { env });
    expect(JSON.parse(ok.stdout)).toEqual({ Addresses: [] });
    proxy.setFaults([
      { action: "DescribeAddresses", fault: { kind: "error", status: 403, code: "UnauthorizedOperation" } },
    ]);
    const denied = await run("aws", ["ec2", "describe-addresses"], { env }).catch((e) => e);
    expect(denied.stderr).toContain("(UnauthorizedOperation) when calling the DescribeAddresses operation");
    proxy.setFaults([{ action: "DescribeAddresses", fault: throttle }]);
    const throttled = await run("aws", ["ec2", "describe-addresses", "--cli-read-timeout", "5"], {
      env: { ...env, AWS_MAX_ATTEMPTS: "1" },
    }).catch((e) => e);
    expect(throttled.stderr).toContain("RequestLimitExceeded");
    expect(proxy.log.byClient()).toMatchObject({ cli: expect.any(Number) });
  });

  it("passes SSM's JSON protocol through untouched and logs it", async () => {
    const ssm = new SSMClient({ region: REGION, endpoint: proxy.endpoint, credentials: credentials("ops") });
    await ssm.send(new PutParameterCommand({ Name: "/t/x", Value: "v", Type: "String", Overwrite: true }));
    const got = await ssm.send(new GetParameterCommand({ Name: "/t/x" }));
    expect(got.Parameter?.Value).toBe("v");
    expect(proxy.log.count({ service: "ssm", client: "ops" })).toBe(2);
    expect(proxy.log.byAction()).toMatchObject({ PutParameter: 1, GetParameter: 1 });
    ssm.destroy();
  });

  it("injects connection resets and delays", async () => {
    const ec2 = new EC2Client({
      region: REGION,
      endpoint: proxy.endpoint,
      credentials: credentials("f"),
      maxAttempts: 1,
    });
    proxy.setFaults([{ action: "DescribeAddresses", calls: [1], fault: { kind: "reset" } }]);
    await expect(ec2.send(new DescribeAddressesCommand({}))).rejects.toThrow();
    proxy.setFaults([{ action: "DescribeAddresses", fault: { kind: "delay", ms: 300 } }]);
    const t0 = performance.now();
    await ec2.send(new DescribeAddressesCommand({}));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    ec2.destroy();
  });

  it("measures the documented non-mutating bucket: burst of 100, then 20 per second (within 10%)", async () => {
    // Prepare: unsigned filtered describes (the non-mutating bucket), as fast as one client can send them
    proxy.setThrottling({ kind: "documented" });
    const describe = () =>
      fetch(proxy.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=DescribeAddresses&Version=2016-11-15&AllocationId.1=eipalloc-00000001",
      }).then((r) => r.status);
    // Act: the burst as one volley (sent one by one, the burst would take long enough to refill), then
    // three seconds of refill
    const burst = await accepted(150, describe);
    await drain(describe); // moto answering the volley took a while, and the bucket refilled meanwhile
    const t0 = performance.now();
    let refilled = 0;
    while (performance.now() - t0 < 3_000) if ((await describe()) !== 503) refilled++;
    const seconds = (performance.now() - t0) / 1000;
    const rate = refilled / seconds;
    // Assess
    console.log(`non-mutating bucket measured: burst ${burst}, refill ${rate.toFixed(1)}/s`);
    expect(burst).toBeGreaterThanOrEqual(90);
    expect(burst).toBeLessThanOrEqual(110);
    expect(rate).toBeGreaterThanOrEqual(18);
    expect(rate).toBeLessThanOrEqual(22);
  });

  it("measures the documented mutating bucket: burst of 50, then 5 per second (within 10%)", async () => {
    proxy.setThrottling({ kind: "documented" });
    const associate = () =>
      fetch(proxy.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=DisassociateAddress&Version=2016-11-15&AssociationId=eipassoc-00000001",
      }).then((r) => r.status);
    const burst = await accepted(80, associate);
    await drain(associate);
    const t0 = performance.now();
    let refilled = 0;
    while (performance.now() - t0 < 4_000) if ((await associate()) !== 503) refilled++;
    const rate = refilled / ((performance.now() - t0) / 1000);
    console.log(`mutating bucket measured: burst ${burst}, refill ${rate.toFixed(2)}/s`);
    expect(burst).toBeGreaterThanOrEqual(45);
    expect(burst).toBeLessThanOrEqual(55);
    expect(rate).toBeGreaterThanOrEqual(4.5);
    expect(rate).toBeLessThanOrEqual(5.5);
  });
});

/** Sends `n` requests at once and counts those the proxy let through (anything but its 503). */
async function accepted(n: number, send: () => Promise<number>): Promise<number> {
  const statuses = await Promise.all(Array.from({ length: n }, send));
  return statuses.filter((status) => status !== 503).length;
}

/** Sends one request after another until the proxy throttles one: the bucket is then empty. */
async function drain(send: () => Promise<number>): Promise<void> {
  while ((await send()) !== 503);
}
