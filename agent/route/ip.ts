// Covered by test/unit/agent/route/actions.test.ts (injected `ip`) and test/integration/agent/route.test.ts (the real one).
import { execFile } from "node:child_process";
import { ErrorReasons, TransientError } from "../../core/errors.ts";
import { hostRoute } from "../../core/ids.ts";
import { ParameterError } from "../ocf/errors.ts";

/** What one `ip` command answered. */
export interface IpResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs iproute2's `ip` with `args`. Injected by tests (e.g. to run it as `ip -n <namespace> …`). */
export type IpRunner = (args: readonly string[], timeoutMs: number) => Promise<IpResult>;

/** The node's own `ip`, killed after `timeoutMs`. */
export const systemIp: IpRunner = (args, timeoutMs) =>
  new Promise((resolve) => {
    execFile("ip", [...args], { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : "") });
    });
  });

/**
 * `ip` failed where it should not have. Reason `unavailable` (exit 1): the next attempt, or Pacemaker's
 * recovery, may pass.
 */
export class IpCommandError extends TransientError {
  override readonly name: string = "IpCommandError";

  constructor(args: readonly string[], result: IpResult) {
    super(
      `ip ${args.join(" ")} failed (exit ${result.code}): ${result.stderr.trim() || "no message"}`,
      { action: "ip" },
      { reason: ErrorReasons.unavailable },
    );
  }
}

/** One local interface, as `ip -j` tells it: its MAC address and its addresses as host routes. */
export interface LocalInterface {
  readonly mac: string;
  readonly routes: readonly string[];
}

interface IpJson {
  address?: string;
  addr_info?: { local?: string }[];
}

/**
 * Reads `name` with one `ip -j addr show dev <name>`.
 *
 * @throws ParameterError (reason `target-refused`, exit 2: wrong on this node) when the interface does not exist.
 */
export async function readInterface(ip: IpRunner, name: string, timeoutMs: number): Promise<LocalInterface> {
  const args = ["-j", "addr", "show", "dev", name];
  const result = await ip(args, timeoutMs);
  if (result.code !== 0) {
    const links = await ip(["-o", "link", "show"], timeoutMs);
    const names = [...links.stdout.matchAll(/^\d+: ([^:@]+)/gm)].map((m) => m[1]);
    if (!names.includes(name))
      throw new ParameterError(
        `interface not found on this node: '${name}' (its interfaces: ${names.join(", ") || "?"})`,
        ErrorReasons.targetRefused,
      );
    throw new IpCommandError(args, result);
  }
  const [link] = JSON.parse(result.stdout || "[]") as IpJson[];
  return {
    mac: link?.address ?? "",
    routes: (link?.addr_info ?? []).flatMap((a) => {
      const route = a.local ? hostRoute(a.local) : undefined;
      return route ? [route] : [];
    }),
  };
}

/** `ip addr add|del <destination> dev <name>`; an IPv6 address skips duplicate detection (nodad) to be usable at once. */
export async function changeAddress(
  ip: IpRunner,
  change: "add" | "del",
  destination: string,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const nodad = change === "add" && destination.endsWith("/128") ? ["nodad"] : [];
  const args = ["addr", change, destination, "dev", name, ...nodad];
  const result = await ip(args, timeoutMs);
  if (result.code !== 0) throw new IpCommandError(args, result);
}
