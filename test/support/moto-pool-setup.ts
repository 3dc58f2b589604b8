import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MOTO_POOL_ENV, startMotoPool } from "../../sim/moto-pool.ts";
import { WORKERS } from "./workers.ts";

/**
 * The integration project's global setup: a pool of warm moto_servers (sim/moto-pool.ts says why) that every
 * region of the run leases, in the test files and in the `eip-failover` processes they spawn (they inherit the
 * environment). Two per worker: a file's own region and one command's embedded region at a time.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "eip-moto-pool-"));
  const pool = await startMotoPool(dir, 2 * WORKERS);
  process.env[MOTO_POOL_ENV] = dir;
  return async () => {
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
