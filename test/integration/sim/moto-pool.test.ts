import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateVpcCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simEc2 } from "../../../sim/clients.ts";
import { leaseMoto, MOTO_POOL_ENV, startMotoPool } from "../../../sim/moto-pool.ts";

// The pool the integration project's regions lease (test/support/moto-pool-setup.ts): one holder per server, a
// lease that starts empty, and a release that hands the server on instead of stopping it.
describe("a pool of one warm moto_server", () => {
  const dir = mkdtempSync(join(tmpdir(), "eip-moto-pool-test-"));
  const env = { [MOTO_POOL_ENV]: dir };
  let pool: { stop(): Promise<void> };
  beforeAll(async () => {
    pool = await startMotoPool(dir, 1);
  });
  afterAll(async () => {
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leases it to one holder at a time, empty each time, and a release keeps it running", async () => {
    const first = await leaseMoto(env);
    expect(first).toBeDefined();
    expect(await leaseMoto(env)).toBeUndefined();
    const ec2 = simEc2(first?.endpoint ?? "", { requestTimeoutMs: 60_000 });
    await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    const vpcs = async () =>
      ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).filter((v) => v.CidrBlock === "10.9.0.0/16");
    expect(await vpcs()).toHaveLength(1);
    await first?.stop();

    const second = await leaseMoto(env);
    expect(second?.endpoint).toBe(first?.endpoint);
    expect(second?.pid).toBe(first?.pid);
    expect(await vpcs()).toHaveLength(0);
    await second?.stop();
    ec2.destroy();
    expect(readdirSync(dir).filter((n) => n.endsWith(".lease"))).toEqual([]);
  });

  it("no pool named: no lease, and the caller starts its own moto", async () => {
    expect(await leaseMoto({})).toBeUndefined();
  });
});

describe("a pool whose servers do not all start", () => {
  it("stops the ones that did and fails with the start's error, so no server outlives the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eip-moto-pool-test-"));
    const stopped: number[] = [];
    const fake = (port: number) => ({
      endpoint: `http://127.0.0.1:${port}`,
      port,
      pid: port,
      reset: async () => {},
      stop: async () => {
        stopped.push(port);
      },
    });
    const starts = [
      async () => fake(1),
      async () => Promise.reject(new Error("moto_server not found")),
      async () => fake(3),
    ];
    await expect(
      startMotoPool(dir, 3, () => (starts.shift() as () => Promise<ReturnType<typeof fake>>)()),
    ).rejects.toThrow("moto_server not found");
    expect(stopped.sort()).toEqual([1, 3]);
    rmSync(dir, { recursive: true, force: true });
  });
});
