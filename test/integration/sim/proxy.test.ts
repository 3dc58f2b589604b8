import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simEnv } from "../../../sim/clients.ts";
import { REGION } from "../../../sim/constants.ts";
import { type Moto, startMoto } from "../../../sim/moto.ts";
import { type SimProxy, startProxy } from "../../../sim/proxy.ts";

const run = promisify(execFile);
const credentials = (id: string) => ({ accessKeyId: id, secretAccessKey: "testing" });
const throttle = { kind: "http", status: 503, code: "RequestLimitExceeded" } as const;

// The proxy runs on a clock and a sleep the tests hold: the buckets refill only when a test moves `clock.now`,
// and a delay fault ends only when a test releases it. Nothing here depends on how fast the machine is.
describe("the sim proxy in front of moto", () => {
  let moto: Moto;
  let proxy: SimProxy;
  const clock = { now: 1_700_000_000_000 };
  const waits = createWaits();
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy({ target: moto.endpoint, clock: () => clock.now, sleep: waits.sleep });
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

  it("denies one action's DryRun with UnauthorizedOperation, as IAM would, and logs the calls as DryRun", async () => {
    // Prepare: moto answers any DryRun with DryRunOperation; the rule denies AssociateAddress's alone
    const ec2 = sdk("node", 1);
    proxy.setFaults([
      {
        action: "AssociateAddress",
        dryRun: true,
        fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
      },
    ]);
    const dryRun = { AllocationId: "eipalloc-00000001", InstanceId: "i-00000001", DryRun: true };
    // Act
    const denied = await ec2.send(new AssociateAddressCommand(dryRun)).catch((e: unknown) => e);
    const allowed = await ec2.send(new DescribeAddressesCommand({ DryRun: true })).catch((e: unknown) => e);
    const real = await ec2.send(new AssociateAddressCommand({ ...dryRun, DryRun: false })).catch((e) => e);
    // Assess
    expect(denied).toMatchObject({ name: "UnauthorizedOperation", $metadata: { httpStatusCode: 403 } });
    expect(allowed).toMatchObject({ name: "DryRunOperation" });
    expect(real).not.toMatchObject({ name: "UnauthorizedOperation" });
    expect(proxy.log.entries().map((e) => [e.action, e.dryRun, e.faulted])).toEqual([
      ["AssociateAddress", true, true],
      ["DescribeAddresses", true, false],
      ["AssociateAddress", false, false],
    ]);
    expect(proxy.log.mutatingCount()).toBe(0);
    ec2.destroy();
  });

  it("injects connection resets", async () => {
    const ec2 = sdk("f", 1);
    proxy.setFaults([{ action: "DescribeAddresses", calls: [1], fault: { kind: "reset" } }]);
    await expect(ec2.send(new DescribeAddressesCommand({}))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await ec2.send(new DescribeAddressesCommand({}))).toMatchObject({ Addresses: [] });
    ec2.destroy();
  });

  it("a delay fault holds the answer until its wait ends", async () => {
    // Prepare
    const ec2 = sdk("slow", 1);
    proxy.setFaults([{ action: "DescribeAddresses", client: "slow", fault: { kind: "delay", ms: 300 } }]);
    const seen: string[] = [];
    // Act: the held request, then a whole round trip of another client's while it waits
    const held = ec2.send(new DescribeAddressesCommand({})).then(() => seen.push("answered"));
    const wait = await waits.next();
    seen.push(`waiting ${wait.ms} ms`);
    const other = sdk("other", 1);
    await other.send(new DescribeAddressesCommand({}));
    seen.push("another client answered");
    wait.release();
    await held;
    // Assess
    expect(seen).toEqual(["waiting 300 ms", "another client answered", "answered"]);
    expect(proxy.log.entries().map((e) => e.client)).toEqual(["other", "slow"]);
    ec2.destroy();
    other.destroy();
  });

  it("dropHeld (a region's reset) drops a request a delay fault holds: it never reaches the log or an answer", async () => {
    // Prepare: a ReplaceRoute DryRun, which the proxy answers itself once the wait ends (no moto in between)
    proxy.setFaults([{ action: "ReplaceRoute", fault: { kind: "delay", ms: 10_000 } }]);
    const held = unsigned(proxy.endpoint, "Action=ReplaceRoute&DryRun=true").catch((e: Error) => e);
    const wait = await waits.next();
    // Act: drop it while it waits, then end the wait
    proxy.dropHeld();
    wait.release();
    await new Promise((resolve) => setImmediate(resolve));
    // Assess: nothing was logged, before or after the wait, and the caller saw its connection reset
    expect(proxy.log.entries()).toEqual([]);
    expect(await held).toBeInstanceOf(Error);
  });

  it("an interleave fault runs another client's call while the request waits, then forwards it", async () => {
    // Prepare: the operator's DescribeAddresses lands between the controller's arrival and its answer
    const operator = sdk("operator", 1);
    const controller = sdk("controller", 1);
    proxy.setFaults([
      {
        action: "DescribeAddresses",
        client: "controller",
        fault: { kind: "interleave", run: () => operator.send(new DescribeAddressesCommand({})) },
      },
    ]);
    // Act
    await controller.send(new DescribeAddressesCommand({}));
    // Assess: entries are logged as moto answers
    expect(proxy.log.entries().map((e) => [e.client, e.faulted])).toEqual([
      ["operator", false],
      ["controller", true],
    ]);
    operator.destroy();
    controller.destroy();
  });

  it.each([
    // bucket, its burst, then after this many ms exactly this many more, and a request drawing from it
    ["non-mutating", 100, 1_000, 20, "Action=DescribeAddresses&AllocationId.1=eipalloc-00000001"],
    ["unfiltered describe", 50, 1_000, 10, "Action=DescribeInstances"],
    ["mutating", 50, 2_000, 10, "Action=DisassociateAddress&AssociationId=eipassoc-00000001"],
  ] as const)(
    "the documented %s bucket: a burst of %i, after %i ms %i more; the rest are EC2's RequestLimitExceeded",
    async (_name, burst, ms, refilled, body) => {
      // Prepare: unsigned requests, so the answers are counted as they come, nothing else drawing
      proxy.setThrottling({ kind: "documented" });
      const send = () => unsigned(proxy.endpoint, body);
      // Act: half as many again as the burst, then the same after the clock moved
      const first = await Promise.all(Array.from({ length: burst * 1.5 }, send));
      clock.now += ms;
      const second = await Promise.all(Array.from({ length: burst * 1.5 }, send));
      // Assess
      expect(first.filter((r) => r.status !== 503)).toHaveLength(burst);
      expect(second.filter((r) => r.status !== 503)).toHaveLength(refilled);
      const throttled = [...first, ...second].filter((r) => r.status === 503);
      expect(throttled).toHaveLength(3 * burst - burst - refilled);
      for (const r of throttled)
        expect(r.body).toMatch(
          /^<\?xml.*<Response><Errors><Error><Code>RequestLimitExceeded<\/Code><Message>Request limit exceeded\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/s,
        );
      expect(proxy.log.entries().filter((e) => e.throttled)).toHaveLength(throttled.length);
    },
  );

  it("one bucket empty leaves the others full: mutating calls do not starve describes", async () => {
    proxy.setThrottling({ kind: "documented" });
    const disassociate = () =>
      unsigned(proxy.endpoint, "Action=DisassociateAddress&AssociationId=eipassoc-00000001");
    expect(
      (await Promise.all(Array.from({ length: 60 }, disassociate))).filter((r) => r.status === 503),
    ).toHaveLength(10);
    const describe = await unsigned(
      proxy.endpoint,
      "Action=DescribeAddresses&AllocationId.1=eipalloc-00000001",
    );
    expect(describe.status).not.toBe(503);
  });

  it("ReplaceRoute and CreateRoute draw from the same mutating bucket as the address calls; DescribeRouteTables does not", async () => {
    // Prepare: EC2's mutating burst spent on address calls
    proxy.setThrottling({ kind: "documented" });
    const route =
      "RouteTableId=rtb-00000001&DestinationCidrBlock=192.168.100.10%2F32&NetworkInterfaceId=eni-00000001";
    await Promise.all(
      Array.from({ length: 50 }, () =>
        unsigned(proxy.endpoint, "Action=DisassociateAddress&AssociationId=eipassoc-00000001"),
      ),
    );
    // Act
    const replace = await unsigned(proxy.endpoint, `Action=ReplaceRoute&${route}`);
    const create = await unsigned(proxy.endpoint, `Action=CreateRoute&${route}`);
    const describe = await unsigned(proxy.endpoint, "Action=DescribeRouteTables&RouteTableId.1=rtb-00000001");
    clock.now += 200; // one mutating token (5 per second)
    const refilled = await unsigned(proxy.endpoint, `Action=ReplaceRoute&${route}`);
    const again = await unsigned(proxy.endpoint, `Action=ReplaceRoute&${route}`);
    // Assess
    expect([replace.status, create.status, again.status]).toEqual([503, 503, 503]);
    expect(describe.status).not.toBe(503);
    expect(refilled.status).not.toBe(503);
    expect(
      proxy.log
        .entries()
        .filter((e) => e.action.endsWith("Route"))
        .map((e) => [e.action, e.mutating, e.throttled]),
    ).toEqual([
      ["ReplaceRoute", true, true],
      ["CreateRoute", true, true],
      ["ReplaceRoute", true, false],
      ["ReplaceRoute", true, true],
    ]);
  });

  it("StopInstances draws from the mutating bucket as well as its resource bucket", async () => {
    // Prepare: the mutating burst spent on address calls
    proxy.setThrottling({ kind: "documented" });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        unsigned(proxy.endpoint, "Action=DisassociateAddress&AssociationId=eipassoc-00000001"),
      ),
    );
    // Act
    const stop = await unsigned(proxy.endpoint, "Action=StopInstances&InstanceId.1=i-00000001");
    clock.now += 200; // one mutating token
    const refilled = await unsigned(proxy.endpoint, "Action=StopInstances&InstanceId.1=i-00000001");
    // Assess: refused with EC2's throttling answer, then passed on to moto (which knows no such instance)
    expect(stop.status).toBe(503);
    expect(stop.body).toContain("<Code>RequestLimitExceeded</Code>");
    expect(refilled.body).not.toContain("RequestLimitExceeded");
  });

  it("with other tenants taking half, half of the burst is left, and half of the refill", async () => {
    // Prepare
    proxy.setThrottling({ kind: "documented", othersShare: 0.5 });
    const disassociate = () =>
      unsigned(proxy.endpoint, "Action=DisassociateAddress&AssociationId=eipassoc-00000001");
    // Act: 60 at once, then 60 more 2 s later
    const first = await Promise.all(Array.from({ length: 60 }, disassociate));
    clock.now += 2_000;
    const second = await Promise.all(Array.from({ length: 60 }, disassociate));
    // Assess: 25 of the burst of 50; 5 of the 10 tokens 2 s refill
    expect(first.filter((r) => r.status !== 503)).toHaveLength(25);
    expect(second.filter((r) => r.status !== 503)).toHaveLength(5);
    expect(proxy.log.entries().filter((e) => e.throttled)).toHaveLength(120 - 30);
  });

  it("the SDK backs off on an empty bucket, gives up with RequestLimitExceeded, and gets through once it refills", async () => {
    // Prepare: the unfiltered-describe bucket drained, and a clock that does not move while the SDK retries
    proxy.setThrottling({ kind: "documented" });
    await Promise.all(Array.from({ length: 50 }, () => unsigned(proxy.endpoint, "Action=DescribeInstances")));
    const ec2 = sdk("sdk", 3);
    // Act
    const refused = await ec2.send(new DescribeInstancesCommand({})).catch((e: unknown) => e);
    clock.now += 100; // one token
    const out = await ec2.send(new DescribeInstancesCommand({}));
    // Assess
    expect(refused).toMatchObject({ name: "RequestLimitExceeded", $metadata: { attempts: 3 } });
    expect((refused as { $metadata: { totalRetryDelay: number } }).$metadata.totalRetryDelay).toBeGreaterThan(
      0,
    );
    expect(out.$metadata.attempts).toBe(1);
    expect(
      proxy.log
        .entries()
        .filter((e) => e.client === "sdk")
        .map((e) => e.throttled),
    ).toEqual([true, true, true, false]);
    ec2.destroy();
  });

  it("logs each request at the proxy's clock", async () => {
    clock.now = 1_800_000_000_000;
    await unsigned(proxy.endpoint, "Action=DescribeAddresses");
    expect(proxy.log.entries().map((e) => e.time)).toEqual([1_800_000_000_000]);
  });

  /** An EC2 client of the proxy that signs as `client` and tries `attempts` times. */
  function sdk(client: string, attempts: number): EC2Client {
    return new EC2Client({
      region: REGION,
      endpoint: proxy.endpoint,
      credentials: credentials(client),
      maxAttempts: attempts,
    });
  }
});

/** An unsigned EC2 query-protocol POST (the proxy throttles it like any other); its status and body. */
async function unsigned(endpoint: string, body: string): Promise<{ status: number; body: string }> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `${body}&Version=2016-11-15`,
  });
  return { status: res.status, body: await res.text() };
}

/** A sleep the test ends: each call waits until the test releases it. */
function createWaits() {
  type Wait = { readonly ms: number; release(): void };
  const asked: Wait[] = [];
  const waiting: ((wait: Wait) => void)[] = [];
  return {
    sleep: (ms: number) =>
      new Promise<void>((release) => {
        const wait = { ms, release: () => release() };
        const taker = waiting.shift();
        if (taker) taker(wait);
        else asked.push(wait);
      }),
    /** The next wait the proxy asks for. */
    next: () =>
      new Promise<Wait>((take) => {
        const wait = asked.shift();
        if (wait) take(wait);
        else waiting.push(take);
      }),
  };
}
