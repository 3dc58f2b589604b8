import { spawn, spawnSync } from "node:child_process";

/** The address ClusterLabs awseip hard-codes for IMDS; it exists only on the bench namespace's loopback. */
export const IMDS_ADDRESS = "169.254.169.254";

function ip(...args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `ip ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim()} (the bench needs root)`,
    );
}

/**
 * A fresh network namespace whose loopback also carries 169.254.169.254/32, so moto, the proxy and a node's
 * IMDS all listen on addresses that exist only inside it.
 */
export function createNamespace(name: string): { name: string; remove(): void } {
  ip("netns", "add", name);
  try {
    ip("-n", name, "link", "set", "lo", "up");
    ip("-n", name, "addr", "add", `${IMDS_ADDRESS}/32`, "dev", "lo");
  } catch (error) {
    spawnSync("ip", ["netns", "del", name]);
    throw error;
  }
  return { name, remove: () => void spawnSync("ip", ["netns", "del", name]) };
}

/**
 * Runs `argv` inside the namespace with inherited stdio; resolves with its exit code. SIGINT/SIGTERM are
 * forwarded to that child (by its PID) so it can stop what it started.
 */
export function runInside(namespace: string, argv: readonly string[]): Promise<number> {
  const child = spawn("ip", ["netns", "exec", namespace, ...argv], { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.pid) process.kill(child.pid, signal);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

/**
 * Runs this bench again as root inside a fresh namespace of its own (`script --inside ...args`), removes the
 * namespace whatever happens, and exits with the inner run's code.
 */
export async function rerunInside(name: string, script: string, args: readonly string[]): Promise<never> {
  const ns = createNamespace(name);
  let code = 1;
  try {
    code = await runInside(ns.name, [process.execPath, ...process.execArgv, script, "--inside", ...args]);
  } finally {
    ns.remove();
  }
  process.exit(code);
}
