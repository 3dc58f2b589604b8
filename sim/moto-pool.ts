import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Moto, startMoto } from "./moto.ts";

// A pool of warm moto_servers that many short-lived regions take turns on. Starting moto and its first request
// to each service (moto imports a backend on first use) costs about 5 s of CPU; the integration suite starts
// some ninety regions, counting the ones each `eip-failover --embedded` or drill process starts, so on a 2-core
// machine those starts were half the suite's CPU. A reset (`POST /moto-api/reset`) forgets every resource and
// keeps the imports, so a leased server behaves as a fresh one.
//
// The pool is a directory: one file per server, named by its port and holding its PID, written by the owner
// that started the servers (the test suite's global setup). A lease is a directory `<port>.lease`: mkdir is
// atomic, so two processes never hold one server. A lease whose holder died is never reclaimed (telling a dead
// holder from a slow one needs more than a directory); that server sits out the rest of the run, and a region
// that finds no free server starts a moto of its own, as without the pool.

/** Where a pool's directory is given to every process of a run, children included. */
export const MOTO_POOL_ENV = "SIM_MOTO_POOL";

/** Starts `size` moto_servers and registers them in `dir`; `stop()` stops each by its PID. */
export async function startMotoPool(
  dir: string,
  size: number,
  start: () => Promise<Moto> = startMoto,
): Promise<{ stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const started = await Promise.allSettled(Array.from({ length: size }, () => start()));
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    // The run fails anyway; the servers that did start must not outlive it.
    await Promise.all(servers.map((moto) => moto.stop()));
    throw failed.reason;
  }
  for (const moto of servers) writeFileSync(join(dir, String(moto.port)), String(moto.pid));
  return {
    async stop() {
      await Promise.all(servers.map((moto) => moto.stop()));
    },
  };
}

/**
 * A free server of the pool named by `SIM_MOTO_POOL`, reset and leased to this caller until its `stop()`, which
 * returns it to the pool without stopping it; undefined when there is no pool or every server is leased.
 */
export async function leaseMoto(env: NodeJS.ProcessEnv = process.env): Promise<Moto | undefined> {
  const dir = env[MOTO_POOL_ENV];
  if (!dir) return undefined;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const lease = join(dir, `${name}.lease`);
    try {
      mkdirSync(lease);
    } catch {
      continue;
    }
    const release = () => rmdirSync(lease);
    const port = Number(name);
    const endpoint = `http://127.0.0.1:${port}`;
    const reset = async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    };
    try {
      await reset();
    } catch {
      // The server is gone (its owner stopped the pool): leave the lease so nobody tries it again.
      continue;
    }
    return {
      endpoint,
      port,
      pid: Number(readFileSync(join(dir, name), "utf8")),
      reset,
      async stop() {
        release();
      },
    };
  }
  return undefined;
}
