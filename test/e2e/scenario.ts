import { RECONCILE_RETRY_SECONDS, RECONCILE_TRIES } from "../../functions/plan/plan-set.ts";
import { alarmStateChange } from "../../sim/events.ts";
import type { Cluster, Node } from "./cluster.ts";
import { watchInvariants } from "./invariants.ts";
import { sh } from "./process.ts";
import { callsSince, record } from "./summary.ts";

/** Waits until moto says `node` holds the EIP; returns the time it first saw it. */
export const eipOn = (cluster: Cluster, node: Node, timeoutMs = 60_000) =>
  cluster.until(async () => (await cluster.holderNode()) === node, timeoutMs, `the EIP on node ${node}`, 50);

/** The time of the first successful AssociateAddress by `client` at or after `t0`, from the proxy log. */
export async function associatedAt(cluster: Cluster, client: string, t0: number): Promise<number> {
  const hit = (await cluster.log()).find(
    (e) => e.time >= t0 && e.client === client && e.action === "AssociateAddress" && e.status === 200,
  );
  if (!hit) throw new Error(`no AssociateAddress by ${client} since ${t0}`);
  return hit.time;
}

/** Waits for `node`'s next monitor (a DescribeAddresses it sends after now). */
export async function nextMonitor(cluster: Cluster, node: Node, timeoutMs = 30_000): Promise<number> {
  const since = Date.now();
  let at = 0;
  await cluster.until(
    async () => {
      const hit = (await cluster.log()).find(
        (e) => e.time > since && e.client === `node${node}` && e.action === "DescribeAddresses",
      );
      at = hit?.time ?? 0;
      return hit !== undefined;
    },
    timeoutMs,
    `a monitor of node ${node}`,
    50,
  );
  return at;
}

/**
 * Waits until every node's Pacemaker says vip is started on one and the same node, settled, and moto
 * agrees; returns that node.
 */
export async function agreement(cluster: Cluster, timeoutMs = 60_000): Promise<Node> {
  let where: Node | undefined;
  await cluster.until(
    async () => {
      const views = await Promise.all(cluster.nodes.map((n) => cluster.startedOn(n)));
      const holder = await cluster.holderNode();
      where = holder === "nobody" ? undefined : holder;
      return views.every((v) => v === `node${holder}`);
    },
    timeoutMs,
    "every Pacemaker to agree with moto on one holder",
    250,
  );
  return where as Node;
}

/** vip's fail count on `node` (0 when it has none or it expired and was cleared). */
export async function failCount(cluster: Cluster, node: Node): Promise<number> {
  const out = await cluster.on(node, "crm_failcount", "--query", "-r", "vip", "-N", `node${node}`);
  const value = /value=(\w+)/.exec(out.stdout)?.[1] ?? "0";
  return value === "INFINITY" ? Number.POSITIVE_INFINITY : Number(value);
}

/** Samples moto's holder every `everyMs` for `ms`; returns the distinct holders in order. */
export async function holdersFor(cluster: Cluster, ms: number, everyMs = 1_000): Promise<string[]> {
  const seen: string[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const h = await cluster.holderNode();
    if (seen[seen.length - 1] !== h) seen.push(h);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return seen;
}

/**
 * A crash and reboot of `node` while `holder` holds the EIP: waits until every Pacemaker agrees, records
 * the scenario, and returns where the EIP ended and how often it moved.
 */
export async function restartAndRejoin(cluster: Cluster, node: Node, holder: Node, scenario: string) {
  const t0 = Date.now();
  await cluster.restart(node);
  const where = await agreement(cluster, 90_000);
  const figures = callsSince(await cluster.log(), t0, `node${holder}`);
  record({
    scenario,
    seconds: (Date.now() - t0) / 1000,
    ...figures,
    endHolder: where,
    note: "seconds to every node online and agreeing",
  });
  return { where, moves: figures.moves };
}

/** The mutating EC2 calls `node`'s agent sent since `t0` (refused ones too), by action name. */
export async function mutatingBy(cluster: Cluster, node: Node, t0: number): Promise<string[]> {
  return (await cluster.log())
    .filter((e) => e.time >= t0 && e.client === `node${node}` && e.mutating)
    .map((e) => e.action);
}

/** The EC2 actions that move an address: an EIP's association or an overlay route. */
const MOVES = new Set(["AssociateAddress", "DisassociateAddress", "ReplaceRoute", "CreateRoute"]);

/** Every call since `t0` that moved (or tried to move) the EIP or a route, as "client Action", from the proxy log. */
export async function movedSince(cluster: Cluster, t0: number): Promise<string[]> {
  return (await cluster.log())
    .filter((e) => e.time >= t0 && e.service === "ec2" && MOVES.has(e.action) && !e.dryRun)
    .map((e) => `${e.client} ${e.action}`);
}

/** The node each of the overlay's route tables sends it to (the topology's order), "nobody" for no node. */
export async function routedTo(cluster: Cluster): Promise<(Node | "nobody")[]> {
  const enis = (await cluster.ctl("GET", "/routes")) as (string | null)[];
  const { nodes } = cluster.topology;
  return enis.map((eni) => cluster.nodes.find((n) => nodes[n].networkInterfaceId === eni) ?? "nobody");
}

/** Whether the overlay IP is on `node`'s eth0, as `ip -n <its network namespace> addr show` lists it. */
export async function overlayOn(cluster: Cluster, node: Node): Promise<boolean> {
  const out = await sh("ip", ["-n", cluster.ns[node], "-o", "addr", "show", "dev", "eth0"]);
  if (out.code !== 0) throw new Error(`ip -n ${cluster.ns[node]} addr show: ${out.stderr}`);
  const listed = [...out.stdout.matchAll(/\binet6? (\S+)/g)].map((m) => m[1]);
  return listed.includes(cluster.topology.overlay.destination);
}

/**
 * Starts corosync again inside `node` (after it was killed there); its pacemakerd reconnects by itself. Waits until
 * every node is online again.
 */
export async function restartCorosync(cluster: Cluster, node: Node): Promise<void> {
  const log = `${cluster.base}/node${node}/corosync.out`;
  const started = await cluster.on(node, "setsid", "sh", "-c", `corosync -f >> ${log} 2>&1 &`);
  if (started.code !== 0) throw new Error(`corosync on node ${node}: ${started.stderr}`);
  const online = `Online: [ ${cluster.nodes.map((n) => `node${n}`).join(" ")} ]`;
  await cluster.until(
    async () => (await cluster.on(node, "crm_mon", "-1")).stdout.includes(online),
    90_000,
    `node ${node} online again`,
    500,
  );
}

/**
 * Runs on `node`, line by line, the shell script of the controller's Run Command `commandId`, as the SSM Agent
 * there would (moto records Run Command and runs nothing). Returns the script.
 */
export async function runSentScript(cluster: Cluster, node: Node, commandId: string): Promise<string[]> {
  const sent = (await cluster.ctl("GET", "/commands")) as { commandId: string; commands: string[] }[];
  const script = sent.find((c) => c.commandId === commandId)?.commands;
  if (!script) throw new Error(`no Run Command ${commandId} in moto`);
  for (const line of script) {
    // As long as the script may run: its retries for a new DC and a fence (plan-set.ts), and a minute more.
    const out = await cluster.onWithin(
      RECONCILE_TRIES * RECONCILE_RETRY_SECONDS * 1000 + 60_000,
      node,
      "sh",
      "-x",
      "-c",
      line,
    );
    // -x: a failure says what the script saw (its last traced commands), not only that it failed
    const trace = out.stderr.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+ s=<"));
    if (out.code !== 0)
      throw new Error(
        `'${line}' on node ${node}: exit ${out.code}; its last steps: ${trace.slice(-12).join(" / ")}`,
      );
  }
  return script;
}

/** One failover notice the controller put on the bus (aws-main.ts `GET /notices`). */
export interface Notice {
  readonly detailType: string;
  readonly detail: unknown;
  readonly time: number;
}

/** The controller's failover notices since `t0`, oldest first. */
export async function noticesSince(cluster: Cluster, t0: number): Promise<Notice[]> {
  return ((await cluster.ctl("GET", "/notices")) as Notice[]).filter((n) => n.time >= t0);
}

/** What the controller answered about one address (its FailoverReport's first item). */
export interface AddressResult {
  readonly outcome: string;
  readonly commandId?: string;
  readonly until?: number;
  readonly restart?: unknown;
}

/**
 * A status-check failure of the EIP's holder while its Pacemaker still runs, as the controller meets it: the cluster
 * document as Deploy step 7 gives it (`fencing`, `graceSeconds`, the reconcile command), the invariants watched from
 * here on, EC2 reporting the holder's instance impaired from `t0`, and its status alarm's event (timed `t0`) handed to
 * the controller, as the decisions queue would. `decide()` hands the same event over again (the queue's recheck once
 * a grace window ends); the first answer is `result`. Each invoke is exempt from "nowhere" (the controller's
 * compare-and-swap), and only it.
 */
export async function impairHolder(
  cluster: Cluster,
  options: { readonly fencing: "stop" | "reboot"; readonly graceSeconds?: number },
) {
  const holder = (await cluster.holderNode()) as Node;
  const peer: Node = holder === "A" ? "B" : "A";
  const failed = cluster.topology.nodes[holder].instanceId;
  await cluster.ctl("POST", "/put-cluster", {
    name: "web",
    addresses: [{ allocationId: cluster.topology.eip.allocationId }],
    members: cluster.nodes.map((n) => ({ instanceId: cluster.topology.nodes[n].instanceId })),
    fencing: options.fencing,
    graceSeconds: options.graceSeconds ?? 0,
    pacemaker: { reconcileCommand: "crm_resource --refresh -r vip" },
  });
  const watch = watchInvariants(cluster);
  const t0 = Date.now();
  await cluster.ctl("POST", "/impaired", [failed]);
  const event = alarmStateChange({
    alarmName: `eip-failover-dev-status-${holder}`,
    instanceId: failed,
    state: "ALARM",
    time: t0,
  });
  // The controller's compare-and-swap (DisassociateAddress of the association it saw on the holder's instance, once
  // it is fenced, then AssociateAddress without reassociation) points the address nowhere between its two calls, by
  // design: EC2 has no conditional associate. That window is the invoke, the one stated exemption from "nowhere";
  // its length is reported (unassociated ms, from the proxy's log). A scenario whose controller mutates nothing can
  // assert that no sample was exempted.
  const decide = async () => {
    const cas = watch.exempt("nowhere", "the controller's compare-and-swap, old holder fenced");
    try {
      const report = (await cluster.ctl("POST", "/invoke", event)) as {
        addresses: { result: AddressResult }[];
      };
      return report.addresses[0]?.result;
    } finally {
      cas();
    }
  };
  const result = await decide();
  return { holder, peer, failed, watch, t0, result, decide };
}

/**
 * What `pcs resource disable RESOURCE` (role "Stopped") or `pcs resource enable RESOURCE` (undefined) sets, run on
 * `node` with crm_resource: the resource's (or group's) target-role meta attribute. Resolves to the run's result.
 */
export function setTargetRole(cluster: Cluster, node: Node, resource: string, role: "Stopped" | undefined) {
  const meta = ["crm_resource", "--resource", resource, "--meta"];
  return role
    ? cluster.on(node, ...meta, "--set-parameter", "target-role", "--parameter-value", role)
    : cluster.on(node, ...meta, "--delete-parameter", "target-role");
}
