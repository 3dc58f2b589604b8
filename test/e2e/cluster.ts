import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_LAG, type LagRange, parseLagRange } from "../../sim/consistency.ts";
import type { LogEntry } from "../../sim/request-log.ts";
import type { SimNode, Topology } from "../../sim/topology.ts";
import { agentPackages } from "../support/agent-package.ts";
import { imdsArgs } from "./imds.ts";
import { pacemakerOverlayGroup } from "./overlay-settings.ts";
import { watchPower } from "./power.ts";
import { lineFrom, prerequisites, sh, until } from "./process.ts";
import {
  type ClusterSettings,
  forHosts,
  pacemakerSettings,
  phasesOf,
  resourceIds,
  withValues,
} from "./settings.ts";

const ROOT = join(import.meta.dirname, "../..");
const HERE = join(import.meta.dirname, "cluster");
const TSX = join(ROOT, "node_modules/.bin/tsx");
export type Node = "A" | "B" | "C";
const NAMES: readonly Node[] = ["A", "B", "C"];
export type Holder = { instanceId: string | null; associationId: string | null; t: number };

let runs = 0;

/** Sends `sig` to `pid` if it is still there. */
function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  try {
    if (pid) process.kill(pid, sig);
  } catch {}
}

function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Two or three real Pacemaker + Corosync nodes configured as Deploy step 6 says, each in its own network,
 * UTS, mount and PID namespaces, each with its own IMDS on 169.254.169.254, and an "AWS" namespace with moto
 * behind the sim proxy. Everything it starts is stopped by PID in down(); the namespaces are its own and
 * deleted.
 */
export class Cluster {
  readonly id = `${process.pid}-${runs++}`;
  readonly base = `/tmp/eip-e2e-${this.id}`;
  readonly ns: Record<Node | "AWS", string>;
  readonly nodes: readonly Node[];
  readonly settings: ClusterSettings;
  private readonly children: ChildProcess[] = [];
  private readonly init: Partial<Record<Node, number>> = {};
  private readonly extraPids: number[] = [];
  private readonly imdsAssociations: boolean;
  /** fence_aws reaches EC2 by its public name (cluster/ec2-name.sh). */
  readonly fencing: boolean;
  /**
   * Every node is powered by its instance (watchPower), fenced or not: a stopped instance runs nothing, so a
   * scenario that stops one (fence_aws, the controller, a test's StopInstances) finds its Pacemaker gone, as on EC2.
   * What the watcher did, once up() ran.
   */
  power: ReturnType<typeof watchPower> | undefined;
  /** EC2's read-after-write lag at the proxy, and IMDS's behind EC2 (see the constructor). */
  readonly lag: LagRange;
  topology!: Omit<Topology, "nodes"> & { nodes: Record<Node, SimNode> };

  /**
   * `imdsAssociations` (default true): each node's IMDS shows its interface's Elastic IPs (`public-ipv4s`, read
   * from moto through the AWS namespace's control API), as a real node's does; false: IMDS shows none, so every
   * recurring monitor confirms with EC2.
   *
   * `lag`: how late EC2's Describe answers (at the proxy) and each node's IMDS show a change, drawn per change;
   * default the sim's {@link DEFAULT_LAG}, as on AWS, or `E2E_LAG` (MS or MIN-MAX; "0" for a lag-off run, e.g.
   * the bench's comparison). The harness's own reads (`holder`, `routes`) read the truth from moto.
   */
  constructor(
    options: {
      nodes?: 2 | 3;
      settings?: ClusterSettings;
      imdsAssociations?: boolean;
      lag?: LagRange;
      fencing?: boolean;
    } = {},
  ) {
    this.fencing = options.fencing ?? false;
    this.nodes = NAMES.slice(0, options.nodes ?? 2);
    this.imdsAssociations = options.imdsAssociations ?? true;
    this.lag = options.lag ?? (process.env.E2E_LAG ? parseLagRange(process.env.E2E_LAG) : DEFAULT_LAG);
    this.settings = options.settings ?? pacemakerSettings();
    this.ns = { A: `eipA-${this.id}`, B: `eipB-${this.id}`, C: `eipC-${this.id}`, AWS: `eipAWS-${this.id}` };
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
    await prerequisites();
    mkdirSync(this.base, { recursive: true });
    // pcs is slow to start (seconds at load): the boot files are made while the rest is set up.
    const seeded = this.seed();
    seeded.catch(() => {}); // awaited below: a failure is thrown there
    // Pacemaker finds agents under /usr/lib/ocf: each node gets them from the .deb (node-inner.sh lays them there).
    const installed = await sh("bash", [
      join(HERE, "install-package.sh"),
      this.base,
      (await agentPackages("x64")).deb,
    ]);
    if (installed.code !== 0) throw new Error(`install-package: ${installed.stderr}`);
    const count = String(this.nodes.length);
    const net = await sh("bash", [join(HERE, "net.sh"), "up", this.id, count]);
    if (net.code !== 0) throw new Error(`network namespaces: ${net.stderr}`);
    // Moto and the topology take longest (at load 14 on 2 cores over 60 s; setup, not what is tested). The nodes
    // need no AWS until a resource is configured, so they are set up, booted and elect a DC meanwhile.
    const aws = this.start(
      [
        "ip",
        "netns",
        "exec",
        this.ns.AWS,
        TSX,
        join(HERE, "aws-main.ts"),
        count,
        `${this.lag.minMs}-${this.lag.maxMs}`,
      ],
      "aws",
    );
    const awsReady = lineFrom(aws, (l) => l.startsWith('{"ready"'), 180_000, "moto + proxy");
    awsReady.catch(() => {}); // awaited below: a failure is thrown there, or down() stops it
    if (this.fencing) await this.ec2ByName();
    await seeded;
    const setup = await sh("bash", [join(HERE, "node-setup.sh"), this.base, count]);
    if (setup.code !== 0) throw new Error(`node setup: ${setup.stderr}`);
    for (const n of this.nodes) await this.startNode(n);
    await this.allOnline("A");
    const ready = JSON.parse(await awsReady) as { motoPid: number };
    this.extraPids.push(ready.motoPid);
    this.topology = (await this.ctl("GET", "/topology")) as Cluster["topology"];
    await Promise.all(
      this.nodes.map((n) => {
        const node = this.topology.nodes[n];
        const imds = this.start(
          ["ip", "netns", "exec", this.ns[n], TSX, ...imdsArgs(node, this.imdsAssociations, this.lag)],
          `imds ${n}`,
        );
        return lineFrom(imds, (l) => l.startsWith("imds listening"), 30_000, `IMDS of node ${n}`);
      }),
    );
    this.power = watchPower(this);
  }

  /** EC2 by its public name for fence_aws (cluster/ec2-name.sh, cluster/ec2-tls.ts). */
  private async ec2ByName(): Promise<void> {
    const made = await sh("bash", [join(HERE, "ec2-name.sh"), this.base, "ap-northeast-1"]);
    if (made.code !== 0) throw new Error(`ec2-name: ${made.stderr}`);
    const tls = this.start(
      ["ip", "netns", "exec", this.ns.AWS, TSX, join(HERE, "ec2-tls.ts"), join(this.base, "tls")],
      "ec2-tls",
    );
    await lineFrom(tls, (l) => l.startsWith("ec2-tls listening"), 30_000, "EC2's TLS front door");
  }

  /**
   * What the nodes boot with, made by the real pcs from the settings' lines (settings.ts `phasesOf`), on this
   * machine and offline, as an operator's first node would: corosync.conf by `pcs cluster setup … --corosync_conf`
   * (the page's node list replaced by the suite's nodes and addresses), and the CIB by `pcs -f` on an empty one
   * (properties, resource defaults). node-setup.sh gives every node a copy.
   */
  private async seed(): Promise<void> {
    const { setup, seed } = phasesOf(this.settings.lines);
    const hosts = Object.fromEntries(
      this.nodes.map((n) => [`node${n}`, `198.51.100.${NAMES.indexOf(n) + 1}`]),
    );
    const cib = join(this.base, "cib.xml");
    const run = async (scripts: readonly string[]) => {
      for (const script of scripts) {
        const out = await sh("sh", ["-c", script]);
        if (out.code !== 0) throw new Error(`'${script}': exit ${out.code}: ${out.stderr}`);
      }
    };
    // corosync.conf and the CIB are separate files: made side by side.
    await Promise.all([
      run([`${forHosts(setup, hosts)} --corosync_conf ${join(this.base, "corosync.conf")}`]),
      run([`cibadmin --empty > ${cib}`, ...seed.map((line) => line.replace(/^pcs /, `pcs -f ${cib} `))]),
    ]);
  }

  /**
   * Runs pcs `lines` on node A as an operator would on a running cluster: `pcs -f` on a copy of the live CIB, one
   * line after another, then `pcs cluster cib-push … diff-against=…` (what changed, in one transition). `name` names
   * the copies under the cluster's directory.
   */
  async pcs(lines: readonly string[], name: string): Promise<void> {
    const orig = join(this.base, `cib-${name}-orig.xml`);
    const next = join(this.base, `cib-${name}.xml`);
    const step = async (script: string) => {
      const out = await this.on("A", "sh", "-c", script);
      if (out.code !== 0) throw new Error(`'${script}' on node A: exit ${out.code}: ${out.stderr}`);
    };
    await step(`cibadmin -Q > ${orig} && cp ${orig} ${next}`);
    for (const line of lines) await step(line.replace(/^pcs /, `pcs -f ${next} `));
    await step(`pcs cluster cib-push ${next} diff-against=${orig}`);
  }

  /** Whether `node` is powered on (its namespace's init runs). */
  isUp(node: Node): boolean {
    return isAlive(this.init[node]);
  }

  /** Powers `node` off, as a stopped instance or a crash does: everything in its pid namespace is killed. */
  async powerOff(node: Node): Promise<void> {
    const init = this.init[node];
    if (init) process.kill(init, "SIGKILL");
    await this.until(async () => !isAlive(init), 10_000, `node ${node}'s processes to end`, 20);
  }

  /** Boots `node`'s cluster stack again (corosync, Pacemaker), as an instance start does. */
  async powerOn(node: Node): Promise<void> {
    await this.startNode(node);
  }

  /** Starts a node's corosync and Pacemaker as PID 1 of its own pid/mount/uts namespaces. */
  private async startNode(n: Node): Promise<void> {
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
      ].concat(["bash", join(HERE, "node-inner.sh"), this.base, n]),
      `node ${n}`,
    );
    delete this.init[n];
    for (let i = 0; i < 100 && !this.init[n]; i++) {
      const kids = readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, "utf8").trim();
      if (kids) this.init[n] = Number(kids.split(" ")[0]);
      else await sleep(50);
    }
    if (!this.init[n]) throw new Error(`node ${n}: no namespace init process`);
  }

  private allOnline(viewer: Node): Promise<number> {
    const online = `Online: [ ${this.nodes.map((n) => `node${n}`).join(" ")} ]`;
    return this.until(
      async () => (await this.on(viewer, "crm_mon", "-1")).stdout.includes(online),
      90_000,
      "every node online",
      250,
    );
  }

  /** A crash and reboot of `node`: everything in its pid namespace is killed, then it starts again. */
  async restart(node: Node): Promise<void> {
    await this.powerOff(node);
    await this.startNode(node);
    await this.allOnline(this.nodes.find((n) => n !== node) ?? node);
  }

  /** Runs a command inside a node's namespaces, as an operator on that node would. */
  on(node: Node, ...cmd: string[]) {
    return this.onWithin(60_000, node, ...cmd);
  }

  /** {@link on} for a command that may take longer than a minute: killed after `timeoutMs`. */
  onWithin(timeoutMs: number, node: Node, ...cmd: string[]) {
    return sh("nsenter", ["-t", String(this.init[node]), "-m", "-u", "-n", "-p", "--", ...cmd], {
      timeout: timeoutMs,
    });
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
    for (const p of pids) {
      // a process listed a moment ago may have exited since (an agent, a crm_mon): it is not the daemon
      let name = "";
      try {
        name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
      } catch {}
      if (name === comm) return Number(p);
    }
    throw new Error(`no ${comm} in node ${node}`);
  }

  /** Polls `check` every `everyMs` until it holds; returns the time it first held. */
  until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<number> {
    return until(check, timeoutMs, what, everyMs);
  }

  /**
   * Deploy step 6's resource lines (docs/pacemaker.md step 1, less what `seed` ran), with the sim's allocation id;
   * with `overlay`, followed by docs/pacemaker.md step 2's group lines for the topology's overlay IP and route tables:
   * run by the real pcs on node A (`pcs`), then waits until every resource they create is started where the EIP
   * already is (node A).
   */
  async configure(allocationId: string, options: { overlay?: boolean } = {}): Promise<void> {
    const { overlay } = this.topology;
    const lines = [
      ...withValues(phasesOf(this.settings.lines).live, { allocation_id: allocationId }),
      ...(options.overlay
        ? withValues(pacemakerOverlayGroup().lines, {
            ip: overlay.destination,
            routing_table: overlay.routeTableIds.join(","),
          })
        : []),
    ];
    await this.pcs(lines, "resources");
    // A group's probes find vip running and overlay not: Pacemaker keeps vip and starts overlay after it.
    const started = resourceIds(lines).map((id) => new RegExp(`${id}\\s.*Started nodeA`));
    await this.until(
      async () => {
        const out = (await this.on("B", "crm_mon", "-1")).stdout;
        return started.every((r) => r.test(out));
      },
      60_000,
      "the resource(s) Started on nodeA",
    );
  }

  /** Cuts corosync between `side` and every other node (a blackhole route each way); both still reach AWS. */
  async partition(side: readonly Node[]): Promise<void> {
    await this.routes("add", side);
  }

  /** Removes the blackhole routes of partition(side). */
  async heal(side: readonly Node[]): Promise<void> {
    await this.routes("del", side);
  }

  private async routes(verb: "add" | "del", side: readonly Node[]): Promise<void> {
    const ip = (n: Node) => `198.51.100.${NAMES.indexOf(n) + 1}/32`;
    const pairs = side.flatMap((a) =>
      this.nodes
        .filter((b) => !side.includes(b))
        .flatMap((b) => [
          [a, b],
          [b, a],
        ]),
    );
    for (const [from, to] of pairs as [Node, Node][]) {
      const r = await sh("ip", ["-n", this.ns[from], "route", verb, "blackhole", ip(to)]);
      if (r.code !== 0) throw new Error(`route ${verb} ${from} → ${to}: ${r.stderr}`);
    }
  }

  /** The node moto says holds the EIP, or "nobody". */
  async holderNode(): Promise<Node | "nobody"> {
    const h = await this.holder();
    return this.nodes.find((n) => this.topology.nodes[n].instanceId === h.instanceId) ?? "nobody";
  }

  /** Where Pacemaker says the resource runs. */
  async pacemakerView(node: Node = "B"): Promise<string> {
    return (await this.on(node, "crm_mon", "-1")).stdout.match(/vip\s.*/)?.[0] ?? "(no vip line)";
  }

  /** Where `node`'s Pacemaker says vip is started ("nowhere" when it says stopped). */
  async startedOn(node: Node): Promise<string> {
    const out = (await this.on(node, "crm_mon", "-1")).stdout;
    const on = [...out.matchAll(/vip\s.*Started (node\w)/g)].map((m) => m[1]);
    if (/vip\s.*(Stopping|Starting|FAILED)|active on \d+ nodes/.test(out)) return "in transition";
    return on.length === 0 ? "nowhere" : on.join("+");
  }

  /** Stops everything it started, by PID, and deletes its namespaces (and, unless E2E_KEEP, its files). */
  async down(): Promise<void> {
    await this.power?.stop();
    const running = () => this.children.filter((c) => c.exitCode === null).map((c) => c.pid);
    for (const n of this.nodes) signal(this.init[n], "SIGTERM");
    await sleep(500);
    for (const pid of running().reverse()) signal(pid, "SIGTERM");
    await sleep(500);
    for (const pid of [...this.extraPids, ...running()]) signal(pid, "SIGKILL");
    await sh("bash", [join(HERE, "net.sh"), "down", this.id]);
    if (!process.env.E2E_KEEP) await sh("rm", ["-rf", this.base]);
  }
}
