import { DescribeAddressesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { ActionContext } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { monitor } from "../../../../agent/eip/monitor.ts";
import type { PublicIpCache } from "../../../../agent/eip/public-ip-cache.ts";
import { ImdsError } from "../../../../agent/ocf/errors.ts";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { deadlineIn } from "../../../../core/index.ts";
import { ALLOC, onA, onSelf, self } from "./fixtures.ts";

const IP = onSelf.PublicIp;

const ec2 = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => ec2.restore());
const describes = () => ec2.commandCalls(DescribeAddressesCommand).length;

/** A fake IMDSv2: `tree` is what it has; `down` makes every session fail; `reads` counts GETs. */
function fakeImds(tree: Record<string, string>, down = false) {
  const reads: string[] = [];
  const open = async (): Promise<ImdsSession> => {
    if (down) throw new ImdsError("PUT /latest/api/token: socket hang up");
    const find = async (path: string) => {
      reads.push(path);
      return tree[path];
    };
    return { find, get: async (path) => (await find(path)) ?? "" };
  };
  return { open, reads };
}
const macBase = (mac: string) => `network/interfaces/macs/${mac}`;
const shows = (mac = self.macAddress, privateIp = "10.0.1.20") => ({
  [`${macBase(mac)}/public-ipv4s`]: `198.51.100.1\n${IP}`,
  [`${macBase(mac)}/ipv4-associations/${IP}`]: privateIp,
});

function memory(known: Record<string, string> = { [ALLOC]: IP }): PublicIpCache {
  return {
    get: async (id) => known[id],
    put: async (id, ip) => {
      known[id] = ip;
    },
  };
}

function context(
  env: Record<string, string>,
  imds: ReturnType<typeof fakeImds>,
  publicIps: PublicIpCache = memory(),
): ActionContext {
  return {
    ec2: new EC2Client({ region: "ap-northeast-1" }),
    // api_lag 0: exact reads; lagging-reads.test.ts covers the lag bound.
    config: parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_api_lag: "0", ...env }),
    identity: self,
    deadline: deadlineIn(2_000, ticking()),
    imds: imds.open,
    publicIps,
  };
}
/** A clock that moves 100 ms each time it is read: retries end after a few attempts, whatever the machine's speed. */
function ticking(): () => number {
  let now = 0;
  return () => (now += 100);
}
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
const ec2Down = () =>
  ec2
    .on(DescribeAddressesCommand)
    .rejects(Object.assign(new Error("down"), { name: "Unavailable", $metadata: { httpStatusCode: 503 } }));

describe("recurring monitor: IMDSv2 first, EC2 only on doubt", () => {
  beforeEach(() => ec2.reset());

  it("IMDS shows the address on this node: 0 with no EC2 call", async () => {
    // Prepare
    const imds = fakeImds(shows());
    // Act
    const outcome = await monitor(context(RECURRING, imds));
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} is on this node (instance ${self.instanceId}), as IMDSv2 shows`,
    });
    expect(describes()).toBe(0);
    expect(imds.reads).toEqual([`${macBase(self.macAddress)}/public-ipv4s`]);
  });

  it("resolves credentials only when EC2 is asked", async () => {
    // Prepare
    let resolved = 0;
    const credentials = async () => {
      resolved++;
    };
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    // Act
    await monitor({ ...context(RECURRING, fakeImds(shows())), credentials });
    const fromImds = resolved;
    await monitor({ ...context({}, fakeImds(shows())), credentials });
    // Assess
    expect([fromImds, resolved]).toEqual([0, 1]);
  });

  it("a configured private IP must be the one IMDS maps the address to", async () => {
    const env = { ...RECURRING, OCF_RESKEY_private_ip_address: "10.0.1.20" };
    expect((await monitor(context(env, fakeImds(shows())))).code).toBe(OcfExit.SUCCESS);
    expect(describes()).toBe(0);
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    const elsewhere = await monitor(context(env, fakeImds(shows(self.macAddress, "10.0.1.99"))));
    expect(elsewhere.code).toBe(OcfExit.SUCCESS); // EC2 says it is on 10.0.1.20 after all
    expect("note" in elsewhere && elsewhere.note).toContain(
      `asked EC2: IMDSv2 maps ${IP} to 10.0.1.99, not 10.0.1.20`,
    );
    expect(describes()).toBe(1);
  });

  it("a configured secondary interface is read on its own MAC", async () => {
    const env = { ...RECURRING, OCF_RESKEY_network_interface_id: "eni-0bbbbbbbbbbbbbbb2" };
    const imds = fakeImds(shows("02:00:00:00:00:0c"));
    expect((await monitor(context(env, imds))).code).toBe(OcfExit.SUCCESS);
    expect(imds.reads).toEqual([`${macBase("02:00:00:00:00:0c")}/public-ipv4s`]);
  });

  it.each([
    ["does not show it yet (IMDS lags behind a fresh association)", fakeImds({}), onSelf, OcfExit.SUCCESS],
    ["does not show it: EC2 confirms it is elsewhere", fakeImds({}), onA, OcfExit.NOT_RUNNING],
    ["is down: EC2 decides", fakeImds({}, true), onSelf, OcfExit.SUCCESS],
    ["is down: EC2 says elsewhere", fakeImds({}, true), onA, OcfExit.NOT_RUNNING],
  ])("IMDS %s → one DescribeAddresses", async (_, imds, address, code) => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [address] });
    expect((await monitor(context(RECURRING, imds))).code).toBe(code);
    expect(describes()).toBe(1);
  });

  it("IMDS down and EC2 down: 1, EC2's error", async () => {
    ec2Down();
    const error = await monitor(context(RECURRING, fakeImds({}, true))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(outcomeOf(error).code).toBe(OcfExit.ERR_GENERIC);
  });

  it.each([
    ["no IMDSv2 session", { imds: undefined }, "no IMDSv2 session"],
    ["nothing remembered", { publicIps: undefined }, "the address's public IP is not known yet"],
    ["IMDS not showing it", {}, `IMDSv2 does not show ${IP} here`],
  ])("asked EC2 because of %s: EC2's note, then why it was asked", async (_, without, why) => {
    // Prepare
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    const ctx = { ...context(RECURRING, fakeImds({})), ...without };
    // Act
    const outcome = await monitor(ctx);
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} is on this node (instance ${self.instanceId}); asked EC2: ${why}`,
    });
  });

  it("EC2 says elsewhere: 7 naming the holder", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const outcome = await monitor(context(RECURRING, fakeImds({})));
    expect("note" in outcome && outcome.note).toMatch(
      new RegExp(
        `^${IP.replace(/\./g, "\\.")} is on instance ${onA.InstanceId}.*, not this node; asked EC2: `,
      ),
    );
  });

  it("monapi with IMDS showing it: EC2's note alone (EC2 was asked because of monapi, not doubt)", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    const outcome = await monitor(context({ ...RECURRING, OCF_RESKEY_monapi: "true" }, fakeImds(shows())));
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP} is on this node (instance ${self.instanceId})`,
    });
  });

  it("without a known public IP (allocation id, nothing cached) EC2 is asked, and its answer remembered", async () => {
    // Prepare
    const known: Record<string, string> = {};
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    const imds = fakeImds(shows());
    // Act
    const first = await monitor(context(RECURRING, imds, memory(known)));
    const second = await monitor(context(RECURRING, imds, memory(known)));
    // Assess
    expect([first.code, second.code]).toEqual([OcfExit.SUCCESS, OcfExit.SUCCESS]);
    expect(known).toEqual({ [ALLOC]: IP });
    expect(describes()).toBe(1);
  });

  it("elastic_ip needs no cache", async () => {
    const env = { ...RECURRING, OCF_RESKEY_allocation_id: "", OCF_RESKEY_elastic_ip: IP };
    expect((await monitor(context(env, fakeImds(shows()), memory({})))).code).toBe(OcfExit.SUCCESS);
    expect(describes()).toBe(0);
  });
});

describe("what still asks EC2", () => {
  beforeEach(() => ec2.reset());

  it("a probe (interval 0) asks EC2 even when IMDS shows the address, and does not read IMDS", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const imds = fakeImds(shows());
    expect((await monitor(context({}, imds))).code).toBe(OcfExit.NOT_RUNNING);
    expect(describes()).toBe(1);
    expect(imds.reads).toEqual([]);
  });

  it("monapi: every recurring monitor asks EC2, and EC2 wins over IMDS", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const env = { ...RECURRING, OCF_RESKEY_monapi: "true" };
    expect((await monitor(context(env, fakeImds(shows())))).code).toBe(OcfExit.NOT_RUNNING);
    expect(describes()).toBe(1);
  });

  it("monapi with EC2 down while IMDS shows it held: 0, saying the confirmation was skipped", async () => {
    ec2Down();
    const outcome = await monitor(context({ ...RECURRING, OCF_RESKEY_monapi: "true" }, fakeImds(shows())));
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toMatch(
      /^203\.0\.113\.10 is on this node \(instance i-0bbbbbbbbbbbbbbb1\), as IMDSv2 shows; EC2 confirmation skipped: .*Unavailable/,
    );
  });

  it("monapi with EC2 refusing permission while IMDS shows it held: 4, not hidden", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .rejects(
        Object.assign(new Error("no"), { name: "UnauthorizedOperation", $metadata: { httpStatusCode: 403 } }),
      );
    const env = { ...RECURRING, OCF_RESKEY_monapi: "true" };
    const error = await monitor(context(env, fakeImds(shows()))).catch((e: unknown) => e);
    expect(outcomeOf(error).code).toBe(OcfExit.ERR_PERM);
  });
});
