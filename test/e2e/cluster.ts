import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { LogEntry } from "../../sim/request-log.ts";
import type { Topology } from "../../sim/topology.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const HERE = join(import.meta.dirname, "cluster");
const TSX = join(ROOT, "node_modules/.bin/tsx");
export type Node = "A" | "B";
export type Holder = { instanceId: string | null; associationId: string | null; t: number };

async function sh(cmd: string, args: string[], options: { timeout?: number } = {}) {
  return run(cmd, args, { timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code ?? 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? "",
    }),
  );
}

/** Waits for a line on a child's stdout that `match` accepts. */
function lineFrom(
  child: ChildProcess,
  match: (line: string) => boolean,
  timeoutMs: number,
  what: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(
      () => reject(new Error(`${what} not ready within ${timeoutMs} ms: ${buf.slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (c: Buffer) => {
      buf += c.toString();
      const line = buf.split("\n").find(match);
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}: ${buf.slice(-2000)}`)));
  });
}

/**
 * Two real Pacemaker + Corosync nodes, each in its own network, UTS, mount and PID namespaces, each with its
 * own IMDS on 169.254.169.254, and an "AWS" namespace with moto behind the sim proxy. Everything it starts is
 * stopped by PID in down(); the namespaces are its own and deleted.
 */
export class Cluster {
  readonly id = `${process.pid}`;
  readonly base = `/tmp/eip-e2e-${process.pid}`;
  readonly ns = { A: `eipA-${this.id}`, B: `eipB-${this.id}`, AWS: `eipAWS-${this.id}` } as const;
  private readonly children: ChildProcess[] = [];
  private readonly init: Partial<Record<Node, number>> = {};
  private readonly extraPids: number[] = [];
  topology!: Topology;

  static async prerequisites(): Promise<void> {
    if (process.getuid?.() !== 0)
      throw new Error("the e2e suite needs root (network namespaces, mounts): run as root");
    for (const tool of [
      "corosync",
      "pacemakerd",
      "crm_resource",
      "cibadmin",
      "ip",
      "unshare",
      "nsenter",
      "curl",
    ]) {
      const found = await sh("sh", ["-c", `command -v ${tool}`]);
      if (found.code !== 0)
        throw new Error(`e2e prerequisite missing: ${tool} (bash scripts/ensure-prereqs.sh installs it)`);
    }
  }

  private start(args: string[], what: string): ChildProcess {
    const child = spawn(args[0] as string, args.slice(1), {
      stdio: ["ignore", "pipe", "pipe"],
      detached: false,
    });
    child.stderr?.on("data", () => {});
    this.children.push(child);
    if (child.pid === undefined) throw new Error(`could not start ${what}`);
    return child;
  }

  async up(): Promise<void> {
    await Cluster.prerequisites();
    // Pacemaker finds agents under /usr/lib/ocf: install the one `npm run build` just made.
    const installed = await sh("bash", [join(ROOT, "scripts/install-agent.sh")]);
    if (installed.code !== 0) throw new Error(`install-agent: ${installed.stderr}`);
    mkdirSync(this.base, { recursive: true });
    const net = await sh("bash", [join(HERE, "net.sh"), "up", this.id]);
    if (net.code !== 0) throw new Error(`network namespaces: ${net.stderr}`);
    const setup = await sh("bash", [join(HERE, "node-setup.sh"), this.base]);
    if (setup.code !== 0) throw new Error(`node setup: ${setup.stderr}`);
    const aws = this.start(["ip", "netns", "exec", this.ns.AWS, TSX, join(HERE, "aws-main.ts")], "aws");
    const ready = JSON.parse(
      await lineFrom(aws, (l) => l.startsWith('{"ready"'), 60_000, "moto + proxy"),
    ) as { motoPid: number };
    this.extraPids.push(ready.motoPid);
    this.topology = (await this.ctl("GET", "/topology")) as Topology;
    for (const n of ["A", "B"] as const) {
      const node = this.topology.nodes[n];
      const imds = this.start(
        [
          "ip",
          "netns",
          "exec",
          this.ns[n],
          TSX,
          join(ROOT, "sim/imds-main.ts"),
          "--instance-id",
          node.instanceId,
          "--az",
          node.availabilityZone,
          "--region",
          "ap-northeast-1",
          "--mac",
          node.macAddress,
          "--private-ip",
          node.privateIp,
          "--eni",
          node.networkInterfaceId,
          "--host",
          "169.254.169.254",
          "--port",
          "80",
        ],
        `imds ${n}`,
      );
      await lineFrom(imds, (l) => l.startsWith("imds listening"), 30_000, `IMDS of node ${n}`);
    }
    for (const n of ["A", "B"] as const) {
      const unshare = this.start(
        [
          "ip",
          "netns",
          "exec",
          this.ns[n],
          "unshare",
          "--uts",
          "--mount",
          "--pid",
          "--fork",
          "--mount-proc",
          "bash",
          join(HERE, "node-inner.sh"),
          this.base,
          n,
        ],
        `node ${n}`,
      );
      for (let i = 0; i < 100 && !this.init[n]; i++) {
        const kids = readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, "utf8").trim();
        if (kids) this.init[n] = Number(kids.split(" ")[0]);
        else await sleep(50);
      }
      if (!this.init[n]) throw new Error(`node ${n}: no namespace init process`);
    }
    await this.until(
      async () => /Online: \[ nodeA nodeB \]/.test((await this.on("A", "crm_mon", "-1")).stdout),
      90_000,
      "both nodes online",
    );
  }

  /** Runs a command inside a node's namespaces, as an operator on that node would. */
  on(node: Node, ...cmd: string[]) {
    return sh("nsenter", ["-t", String(this.init[node]), "-m", "-u", "-n", "-p", "--", ...cmd]);
  }

  /** Calls the AWS namespace's control API (the test has no route there; curl runs inside it). */
  async ctl(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    const args = [
      "netns",
      "exec",
      this.ns.AWS,
      "curl",
      "-sS",
      "-X",
      method,
      `http://198.51.100.10:4567${path}`,
    ];
    if (body !== undefined) args.push("--data-binary", JSON.stringify(body));
    const out = await sh("ip", args);
    if (out.code !== 0) throw new Error(`control ${path}: ${out.stderr}`);
    return JSON.parse(out.stdout);
  }

  holder(): Promise<Holder> {
    return this.ctl("GET", "/holder") as Promise<Holder>;
  }

  log(): Promise<LogEntry[]> {
    return this.ctl("GET", "/log") as Promise<LogEntry[]>;
  }

  /** Host PID of a daemon inside a node's network namespace. */
  async pidOf(node: Node, comm: string): Promise<number> {
    const pids = (await sh("ip", ["netns", "pids", this.ns[node]])).stdout.split("\n").filter(Boolean);
    for (const p of pids) if (readFileSync(`/proc/${p}/comm`, "utf8").trim() === comm) return Number(p);
    throw new Error(`no ${comm} in node ${node}`);
  }

  async until(
    check: () => Promise<boolean>,
    timeoutMs: number,
    what: string,
    everyMs = 100,
  ): Promise<number> {
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if (await check().catch(() => false)) return Date.now();
      await sleep(everyMs);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }

  /** The EIP resource as the original article configures it, started where the EIP already is (node A). */
  async configure(allocationId: string): Promise<void> {
    const crm = (...args: string[]) => this.on("A", ...args);
    await crm("crm_attribute", "-t", "rsc_defaults", "-n", "resource-stickiness", "-v", "INFINITY");
    await crm("crm_attribute", "-t", "rsc_defaults", "-n", "migration-threshold", "-v", "1");
    const primitive = `<primitive id="vip" class="ocf" provider="eip-failover" type="eip">
      <instance_attributes id="vip-ia"><nvpair id="vip-alloc" name="allocation_id" value="${allocationId}"/></instance_attributes>
      <meta_attributes id="vip-meta"><nvpair id="vip-tr" name="target-role" value="Started"/></meta_attributes>
      <operations>
        <op id="vip-start" name="start" interval="0s" timeout="30s"/>
        <op id="vip-stop" name="stop" interval="0s" timeout="30s"/>
        <op id="vip-monitor" name="monitor" interval="10s" timeout="20s"/>
      </operations></primitive>`;
    const created = await crm("cibadmin", "-C", "-o", "resources", "-X", primitive);
    if (created.code !== 0) throw new Error(`cibadmin: ${created.stderr}`);
    await this.until(
      async () => /vip\s.*Started nodeA/.test((await this.on("B", "crm_mon", "-1")).stdout),
      60_000,
      "vip Started on nodeA",
    );
  }

  /** Where Pacemaker says the resource runs. */
  async pacemakerView(node: Node = "B"): Promise<string> {
    return (await this.on(node, "crm_mon", "-1")).stdout.match(/vip\s.*/)?.[0] ?? "(no vip line)";
  }

  async down(): Promise<void> {
    for (const n of ["A", "B"] as const) {
      const pid = this.init[n];
      if (pid) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {}
      }
    }
    await sleep(500);
    for (const c of this.children.reverse())
      if (c.exitCode === null && c.pid) {
        try {
          process.kill(c.pid, "SIGTERM");
        } catch {}
      }
    await sleep(500);
    for (const pid of this.extraPids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    for (const c of this.children)
      if (c.exitCode === null && c.pid) {
        try {
          process.kill(c.pid, "SIGKILL");
        } catch {}
      }
    await sh("bash", [join(HERE, "net.sh"), "down", this.id]);
  }
}
