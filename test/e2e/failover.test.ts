import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceStateChange } from "../../sim/events.ts";
import { failoverBound } from "./bound.ts";
import { Cluster, type Node } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { asMovedTo } from "./measure.ts";
import { clusterName, eipFailoverOn } from "./operator.ts";
import { associatedAt, eipOn, runSentScript } from "./scenario.ts";
import { pacemakerSettings, withValues } from "./settings.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

// token + consensus (corosync's default 1.2 × token) + 2 s for Pacemaker and the agent, for two nodes.
const BOUND = failoverBound(pacemakerSettings(), 2);
afterAll(() => writeSummary("e2e", "npm run test:e2e"));

const holderNode = (cluster: Cluster) => cluster.holderNode();

// Each scenario below has a fresh cluster of its own, so none inherits another's state. They boot side by side
// before the first scenario runs (a boot is mostly waiting: moto, the topology, Pacemaker's election), then the
// scenarios run one after another, so no boot disturbs a scenario's timing.
// The Lambda's cluster runs a 5 s token: A's stopped instance takes its node down (the harness powers nodes by their
// instances), and B's Pacemaker declares A lost only after token + consensus (11 s), so the controller's move lands
// first, as on clusters that run longer tokens (docs/fencing.md's fenced cluster runs 5 s), the out-of-band path's
// reason to exist. With the page's 1 s token, B's own failover would race the Lambda's.
const clusters = {
  crash: new Cluster(),
  planned: new Cluster(),
  lambda: new Cluster({ settings: { lines: withValues(pacemakerSettings().lines, { token: "5000" }) } }),
};
beforeAll(async () => {
  const booted = await Promise.allSettled(
    Object.values(clusters).map(async (c) => {
      await c.up();
      await c.configure(c.topology.eip.allocationId);
    }),
  );
  const failed = booted.find((b) => b.status === "rejected");
  if (failed) throw failed.reason;
});
afterAll(() => Promise.all(Object.values(clusters).map((c) => c.down())));

describe("e2e: crash of node A (SIGKILL corosync)", () => {
  const cluster = clusters.crash;

  it(`moves the EIP to B (its time is reported against token + consensus + 2 s = ${BOUND.promise.toFixed(1)} s)`, async () => {
    expect(await holderNode(cluster)).toBe("A");
    // A stays up (its corosync is gone, the node and its agent are not): it can hold the address until B's start.
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    process.kill(await cluster.pidOf("A", "corosync"), "SIGKILL");
    await eipOn(cluster, "B");
    await cluster.until(
      async () => /Started nodeB/.test(await cluster.pacemakerView("B")),
      30_000,
      "B's Pacemaker sees vip on B",
    );
    const breaches = await watch.stop();
    const seconds = ((await associatedAt(cluster, "nodeB", t0)) - t0) / 1000;
    const calls = callsSince(await cluster.log(), t0, "nodeA");
    record({
      scenario: "SIGKILL corosync on A",
      seconds,
      ...calls,
      endHolder: "B",
      note: `${BOUND.judge(seconds)}; promise ${BOUND.describe}; ${invariantNote(breaches)}`,
    });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});

describe("e2e: planned moves, faults during start, clean leave", () => {
  const cluster = clusters.planned;

  /**
   * A planned move away from `from` (`crm_resource --ban`, what `pcs resource move` runs), once Pacemaker has
   * settled (the old node's stop after the migration included): vip is migratable (docs/pacemaker.md step 1,
   * allow-migrate=true), so the new node's migrate_from is the one mutating call and the address never points
   * nowhere, and Pacemaker never sees vip active on two nodes.
   */
  async function plannedMove(from: Node, to: Node) {
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    await cluster.on(from, "crm_resource", "--ban", "-r", "vip", "-N", `node${from}`);
    await eipOn(cluster, to);
    await cluster.until(
      async () => new RegExp(`Started node${to}`).test(await cluster.pacemakerView()),
      30_000,
      `Pacemaker settled on ${to}`,
    );
    // the old node's stop (after migrate_from) runs before the transition ends: give it its turn
    await cluster.until(
      async () => !/Migrat|Stopping/.test(await cluster.pacemakerView()),
      30_000,
      "no migration left",
    );
    const breaches = await watch.stop();
    const figures = callsSince(await cluster.log(), t0, `node${from}`);
    record({
      scenario: `planned move ${from} → ${to} (--ban ${from})`,
      seconds: ((await associatedAt(cluster, `node${to}`, t0)) - t0) / 1000,
      ...figures,
      endHolder: to,
      note: "migrate_to on the old node, migrate_from on the new, stop on the old (allow-migrate=true)",
    });
    expect(figures.mutating).toBe(1);
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    await cluster.on(from, "crm_resource", "--clear", "-r", "vip");
  }

  // With resource-stickiness INFINITY a --move preference (INFINITY) cannot outweigh stickiness; a ban can.
  it("crm_resource --ban / --clear: the EIP migrates back and forth with 0 ms unassociated and 1 mutating call each way", async () => {
    await plannedMove("A", "B");
    await plannedMove("B", "A");
    await cluster.until(
      async () => /Started nodeA/.test(await cluster.pacemakerView()),
      30_000,
      "Pacemaker settled on A",
    );
  });

  // Issue 28 item 4: the operator's command runs the same Pacemaker-native move (move + ban, wait, clear) and
  // reports what EC2 answered meanwhile; it must agree with the proxy's log (the truth): no gap, one call. Once,
  // A → B (each run of the command costs a cold tsx start on the node); its refusals are unit-tested against
  // Pacemaker's own crm_mon output. Then back to A by a ban, for the scenarios after this one.
  it("eip-failover move --to nodeB on node A: 0 ms unassociated (the proxy's log and its own reading), 1 mutating call, constraints cleared", async () => {
    const name = await clusterName(cluster, "A");
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    const run = await eipFailoverOn(cluster, "A", "move", "--cluster", name, "--to", "nodeB", "--json");
    const breaches = await watch.stop();
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      outcome: string;
      seconds: number;
      observed: { unassociatedMs: number; reads: number; errors: number }[];
    };
    const figures = callsSince(await cluster.log(), t0, "nodeA");
    record({
      scenario: "eip-failover move --to nodeB (on nodeA)",
      seconds: result.seconds,
      ...figures,
      endHolder: "B",
      note: `the command's own reading: ${result.observed[0]?.unassociatedMs} ms unassociated in ${result.observed[0]?.reads} DescribeAddresses`,
    });
    expect(result.outcome).toBe("moved");
    expect(await cluster.holderNode()).toBe("B");
    expect(figures.mutating).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(result.observed[0]?.unassociatedMs).toBe(0);
    expect(result.observed[0]?.reads).toBeGreaterThan(result.observed[0]?.errors ?? 0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    // it removed its constraints: nothing pins vip (stickiness keeps it)
    expect((await cluster.on("B", "cibadmin", "--query", "--scope", "constraints")).stdout).not.toContain(
      "cli-",
    );
    await cluster.on("B", "crm_resource", "--ban", "-r", "vip", "-N", "nodeB");
    await eipOn(cluster, "A");
    await cluster.until(
      async () =>
        /Started nodeA/.test(await cluster.pacemakerView()) &&
        !/Migrat|Stopping/.test(await cluster.pacemakerView()),
      30_000,
      "vip settled on A",
    );
    await cluster.on("B", "crm_resource", "--clear", "-r", "vip");
  });

  it("an EC2 outage during start: the agent retries inside its timeout, the EIP ends on exactly one node", async () => {
    await cluster.ctl("POST", "/faults", [
      {
        action: "AssociateAddress",
        client: "nodeB",
        calls: [1, 2, 3, 4, 5, 6],
        fault: { kind: "http", status: 503, code: "Unavailable" },
      },
    ]);
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    await cluster.on("A", "crm_resource", "--ban", "-r", "vip", "-N", "nodeA");
    await eipOn(cluster, "B");
    await cluster.ctl("POST", "/faults", []);
    await cluster.until(
      async () => /Started nodeB/.test(await cluster.pacemakerView()),
      30_000,
      "Pacemaker sees vip on B",
    );
    const breaches = await watch.stop();
    const log = await cluster.log();
    const refused = log.filter(
      (e) => e.time >= t0 && e.client === "nodeB" && e.action === "AssociateAddress" && e.faulted,
    ).length;
    record({
      scenario: "EC2 503 × 6 during start on B",
      seconds: ((await associatedAt(cluster, "nodeB", t0)) - t0) / 1000,
      ...callsSince(log, t0, "nodeA"),
      endHolder: "B",
      note: `${refused} refused associates retried; ${invariantNote(breaches)}`,
    });
    expect(refused).toBe(6);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    await cluster.on("A", "crm_resource", "--clear", "-r", "vip");
  });

  it("the agent killed mid-start: Pacemaker recovers and the EIP ends on exactly one node, the one Pacemaker says", async () => {
    // Prepare: A's associate takes 3 s, so its start is in flight long enough to be killed.
    await cluster.ctl("POST", "/faults", [
      { action: "AssociateAddress", client: "nodeA", fault: { kind: "delay", ms: 3_000 } },
    ]);
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    await cluster.on("B", "crm_resource", "--ban", "-r", "vip", "-N", "nodeB");
    await cluster.until(
      async () => (await agentPid(cluster, "A")) !== undefined,
      20_000,
      "the agent's start on A",
      20,
    );
    // vip is migratable, so what runs on A is a migrate_from. Killed, it fails without saying whether the address
    // moved, and Pacemaker's scheduler by its own rule treats vip as "might be active on 2 nodes" and recovers by
    // stopping it on both before it starts it once: the recovery this scenario checks. From the kill until Pacemaker
    // has recovered, "active on two" is that rule's, not a breach (moto's truth has one holder throughout).
    const recovering = watch.exempt(
      "twoActive",
      "a migrate_from killed mid-call: Pacemaker's failed-migration rule",
    );
    process.kill((await agentPid(cluster, "A")) as number, "SIGKILL");
    // The killed agent's request is already at EC2 and still lands: the hazard a real outage has too.
    await new Promise((r) => setTimeout(r, 4_000));
    await cluster.ctl("POST", "/faults", []);
    await cluster.on("B", "crm_resource", "--clear", "-r", "vip");
    // Assess: Pacemaker settles (A's failed start bans it), and moto agrees with it, with exactly one holder.
    let view = "";
    await cluster.until(
      async () => {
        view = await cluster.pacemakerView();
        return /Started node[AB]/.test(view) && !/FAILED|Stopping|Starting/.test(view);
      },
      90_000,
      "Pacemaker to recover",
      500,
    );
    recovering();
    const where = view.match(/Started node([AB])/)?.[1] as Node;
    await eipOn(cluster, where, 30_000);
    const breaches = await watch.stop();
    record({
      scenario: "agent SIGKILLed mid-start on A",
      seconds: (Date.now() - t0) / 1000,
      ...callsSince(await cluster.log(), t0, "nodeB"),
      endHolder: where,
      note: `Pacemaker stopped A, started the other node; ${invariantNote(breaches)}`,
    });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    await cluster.on("B", "crm_resource", "--cleanup", "-r", "vip");
  });

  it("clean leave (SIGTERM corosync on the holder): the EIP moves to the other node", async () => {
    await cluster.until(
      async () => /Started node[AB]/.test(await cluster.pacemakerView()),
      30_000,
      "vip started",
    );
    const from = (await holderNode(cluster)) as Node;
    const to: Node = from === "A" ? "B" : "A";
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    process.kill(await cluster.pidOf(from, "corosync"), "SIGTERM");
    await eipOn(cluster, to);
    await cluster.until(
      async () => new RegExp(`Started node${to}`).test(await cluster.pacemakerView(to)),
      30_000,
      `${to}'s Pacemaker sees vip on ${to}`,
    );
    const breaches = await watch.stop();
    record({
      scenario: `clean leave of ${from} (SIGTERM corosync)`,
      seconds: ((await associatedAt(cluster, `node${to}`, t0)) - t0) / 1000,
      ...callsSince(await cluster.log(), t0, `node${from}`),
      endHolder: to,
      note: invariantNote(breaches),
    });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});

describe("e2e: out-of-band path (the Lambda) while Pacemaker runs", () => {
  const cluster = clusters.lambda;

  it("A's instance stops → the handler moves the EIP to B by compare-and-swap; B's Pacemaker, once it declares A lost, starts vip where the address already is, and nothing moves it back", async () => {
    const { A, B } = cluster.topology.nodes;
    const reconcile = "crm_resource --refresh -r vip";
    await cluster.ctl("POST", "/put-cluster", {
      name: "web",
      addresses: [{ allocationId: cluster.topology.eip.allocationId }],
      members: [{ instanceId: A.instanceId }, { instanceId: B.instanceId }],
      fencing: "none",
      graceSeconds: 0,
      pacemaker: { reconcileCommand: reconcile },
    });
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    await cluster.ctl("POST", `/stop-instance?id=${A.instanceId}`);
    // The controller's compare-and-swap (DisassociateAddress of the association it saw on A's stopped instance,
    // then AssociateAddress without reassociation) points the address nowhere between its two calls, by design: EC2
    // has no conditional associate, and the old holder is dead. That window is the invoke; its length is reported
    // (unassociated ms, from the proxy's log). Outside it, through the reconcile, both invariants hold.
    const cas = watch.exempt("nowhere", "the controller's compare-and-swap, old holder stopped");
    const report = (await cluster.ctl(
      "POST",
      "/invoke",
      instanceStateChange({ instanceId: A.instanceId, state: "stopped" }),
    )) as {
      addresses: { result: { outcome: string; commandId?: string } }[];
    };
    cas();
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(report.addresses[0]?.result.commandId).toBeTruthy();
    const seconds = ((await associatedAt(cluster, "lambda", t0)) - t0) / 1000;
    // moto records Run Command but runs nothing: this stands in for the SSM agent on node B, running the script
    // as sent: it waits out EC2's lag bound, then until A has left the membership (B declares it lost after token +
    // consensus), so no probe meets A still counted as running vip; it then refreshes.
    const script = await runSentScript(cluster, "B", report.addresses[0]?.result.commandId as string);
    expect(script.at(-1)).toContain(`then ${reconcile} && exit 0; fi;`);
    // Pacemaker must not move it back: sample for 30 s (past A's loss, about 11 s after the stop).
    const t1 = Date.now();
    while (Date.now() - t1 < 30_000) {
      expect(await holderNode(cluster)).toBe("B");
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const breaches = await watch.stop();
    const log = await cluster.log();
    // the controller's compare-and-swap is the only move; then B's start, once Pacemaker declared A lost (unfenced:
    // A's vip counts as stopped), associates the address where it already is
    expect(
      log.filter((e) => e.time >= t0 && e.mutating && e.status === 200).map((e) => `${e.client} ${e.action}`),
    ).toEqual(["lambda DisassociateAddress", "lambda AssociateAddress", "nodeB AssociateAddress"]);
    // one move, the controller's to B (its calls counted as B's: B's own associate after it moved nothing)
    const figures = callsSince(asMovedTo(log, "nodeB"), t0, "nodeA");
    expect(figures.moves).toBe(1);
    expect(cluster.power?.events.map((e) => `${e.node} ${e.did}`)).toEqual(["A off"]);
    record({
      scenario: "Lambda: A's instance stopped",
      seconds,
      ...figures,
      endHolder: "B",
      note: `reconciled (${reconcile}) once A left; B's start associated it in place; no move back in 30 s; ${invariantNote(breaches)}`,
    });
    expect(await cluster.pacemakerView("B")).toMatch(/Started nodeB/);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});

/** Host PID of our agent's start running inside a node's network namespace (its IMDS server is node too). */
async function agentPid(cluster: Cluster, node: Node): Promise<number | undefined> {
  const { readFileSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const pids = execFileSync("ip", ["netns", "pids", cluster.ns[node]], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  for (const p of pids) {
    try {
      // a start, or (vip is migratable) the migrate_from a planned move runs instead
      const cmdline = readFileSync(`/proc/${p}/cmdline`, "utf8");
      if (/resource\.d\/eip-failover\/eip\0(start|migrate_from)/.test(cmdline)) return Number(p);
    } catch {}
  }
  return undefined;
}
