import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll } from "vitest";

const sh = promisify(execFile);

/** A node's network namespace of the test's own, with a veth `eth0` (up) standing for the node's interface. */
export interface NodeNamespace {
  readonly name: string;
  /** The addresses on its eth0, as `ip -j addr show dev eth0` lists them (bare, without prefix). */
  addresses(): Promise<string[]>;
  /** Removes every address from its eth0. */
  flush(): Promise<void>;
  /** A directory holding an `ip` that runs the real one inside this namespace (`ip -n <name> …`): put it first on PATH. */
  readonly ipDir: string;
}

/**
 * Creates a network namespace named `name` (made unique with this process's PID) with a veth eth0, before the
 * file's tests, and deletes it after them. Call inside `describe`; needs root.
 *
 * @example
 * const nodeA = useNodeNamespace("eipRA");
 * expect(await nodeA.addresses()).toEqual([]);
 */
export function useNodeNamespace(name: string): NodeNamespace {
  const ns = `${name}-${process.pid}`;
  const ipDir = mkdtempSync(join(tmpdir(), `${name}-ip-`));
  beforeAll(async () => {
    await sh("ip", ["netns", "add", ns]);
    await sh("ip", ["-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0"]);
    await sh("ip", ["-n", ns, "link", "set", "peer0", "up"]);
    await sh("ip", ["-n", ns, "link", "set", "eth0", "up"]);
    const real = (await sh("sh", ["-c", "command -v ip"])).stdout.trim();
    writeFileSync(join(ipDir, "ip"), `#!/bin/sh\nexec ${real} -n ${ns} "$@"\n`);
    chmodSync(join(ipDir, "ip"), 0o755);
  });
  afterAll(async () => {
    await sh("ip", ["netns", "del", ns]).catch(() => undefined);
    rmSync(ipDir, { recursive: true, force: true });
  });
  return {
    name: ns,
    ipDir,
    async addresses() {
      const { stdout } = await sh("ip", ["-n", ns, "-j", "addr", "show", "dev", "eth0"]);
      const [link] = JSON.parse(stdout) as { addr_info?: { local: string }[] }[];
      return (link?.addr_info ?? []).map((a) => a.local);
    },
    async flush() {
      await sh("ip", ["-n", ns, "addr", "flush", "dev", "eth0"]);
    },
  };
}
