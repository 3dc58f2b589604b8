import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmStateChange } from "../../sim/events.ts";
import type { LogEntry } from "../../sim/request-log.ts";
import { Cluster, type Node } from "./cluster.ts";
import { configureFencing, fencedCluster, fencedSettings, fencingNote } from "./fencing.ts";
import { watchInvariants } from "./invariants.ts";
import { movesIn } from "./measure.ts";
import { agreement, associatedAt, eipOn, holdersFor, runSentScript } from "./scenario.ts";
import { corosyncTimings } from "./settings.ts";
import { callsSince, lines, record, writeSummary } from "./summary.ts";

const RESULTS = join(import.meta.dirname, "../../bench/results/e2e-fencing.md");
afterAll(() => {
  if (lines.length === 0) return;
  writeSummary("e2e-fencing", "npx vitest run --project e2e test/e2e/fencing.test.ts");
  appendFileSync(RESULTS, fencingNote());
});

/** The instance calls fence_aws made since `t0` (DescribeInstances left out), as "client Action", in order. */
const fenceCalls = (log: readonly LogEntry[], t0: number) =>
  log
    .filter((e) => e.time >= t0 && /^(Stop|Start|Terminate)Instances$/.test(e.action) && e.status === 200)
    .map((e) => `${e.client} ${e.action}`);

const timeOf = (log: readonly LogEntry[], t0: number, client: string, action: string) =>
  log.find((e) => e.time >= t0 && e.client === client && e.action === action && e.status === 200)?.time;

// One cluster for the scenarios: each starts from the state the one before settles in (every node online, every
// Pacemaker agreeing with moto on one holder), so none couples to another's timing.
describe("e2e: STONITH on, the distribution's fence_aws against the sim's EC2, two nodes", () => {
  const cluster = new Cluster({ fencing: true, settings: fencedSettings() });
  const { token, consensus } = corosyncTimings(cluster.settings, 2);
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
    console.log(`e2e fencing: ${(await configureFencing(cluster)).join("\n")}`);
  });
  afterAll(() => cluster.down());

  it("a crash of the holder: its peer fences it through fence_aws (stop, then start), then takes the EIP; the node boots and rejoins", async () => {
    // Prepare
    expect(await cluster.holderNode()).toBe("A");
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act: node A crashes (everything in it dies) while EC2 still says its instance runs.
    await cluster.powerOff("A");
    await eipOn(cluster, "B", 180_000);
    await cluster.until(
      async () => cluster.isUp("A"),
      120_000,
      "node A booted again by its instance's start",
    );
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    // Assess
    const log = await cluster.log();
    const stopAt = timeOf(log, t0, "nodeB", "StopInstances");
    const startAt = timeOf(log, t0, "nodeB", "StartInstances");
    const seconds = ((await associatedAt(cluster, "nodeB", t0)) - t0) / 1000;
    const figures = callsSince(log, t0, "nodeA");
    const s = (t: number | undefined) => (t === undefined ? "?" : ((t - t0) / 1000).toFixed(1));
    record({
      scenario: "fenced: crash of the holder A (every process in it killed)",
      seconds,
      ...figures,
      endHolder: where,
      note: `fence_aws on B: StopInstances at ${s(stopAt)} s, StartInstances at ${s(startAt)} s; token ${token} + consensus ${consensus} ms + priority-fencing-delay ${fencedCluster().priorityFencingDelayS} s (+ pcmk_delay_max) + the reboot's off and on waits; ${breaches.samples} invariant samples`,
    });
    expect(fenceCalls(log, t0)).toEqual(["nodeB StopInstances", "nodeB StartInstances"]);
    expect(cluster.power?.events.filter((e) => e.t >= t0).map((e) => `${e.node} ${e.did}`)).toEqual(["A on"]);
    expect(stopAt ?? Number.POSITIVE_INFINITY).toBeLessThan(await associatedAt(cluster, "nodeB", t0));
    expect(where).toBe("B");
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("a partition of the two nodes: the holder fences its peer (priority-fencing-delay), keeps the EIP; nothing moves", async () => {
    // Prepare
    const holder = (await cluster.holderNode()) as Node;
    const peer: Node = holder === "A" ? "B" : "A";
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act
    await cluster.partition(["A"]);
    await cluster.until(
      async () => (cluster.power?.events ?? []).some((e) => e.t >= t0 && e.node === peer && e.did === "on"),
      180_000,
      `node ${peer} fenced and booted again`,
      250,
    );
    const holders = await holdersFor(cluster, 20_000);
    await cluster.heal(["A"]);
    const healed = Date.now();
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    // Assess
    const log = await cluster.log();
    const figures = callsSince(log, t0, `node${holder}`);
    const events = (cluster.power?.events ?? []).filter((e) => e.t >= t0).map((e) => `${e.node} ${e.did}`);
    record({
      scenario: `fenced: partition A | B (holder ${holder}), healed after ${peer} rebooted`,
      seconds: ((timeOf(log, t0, `node${holder}`, "StopInstances") ?? Number.NaN) - t0) / 1000,
      ...figures,
      endHolder: where,
      note: `seconds to the holder's StopInstances of ${peer}; ${fenceCalls(log, t0).join(", ")}; power: ${events.join(", ")}; holders sampled: ${holders.join(" → ")}; all agree ${((Date.now() - healed) / 1000).toFixed(1)} s after the heal`,
    });
    expect(fenceCalls(log, t0)).toEqual([`node${holder} StopInstances`, `node${holder} StartInstances`]);
    expect(events).toEqual([`${peer} off`, `${peer} on`]);
    expect(holders).toEqual([holder]);
    expect(where).toBe(holder);
    expect(figures.moves).toBe(0);
    expect(figures.unassociatedMs).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("a status-check failure of the holder while its Pacemaker runs: the controller fences and moves, the cluster fences it too (a start), one move", async () => {
    // Prepare: the controller's document as README step 7 gives it, fencing "stop"; no grace (invoked directly).
    const holder = (await cluster.holderNode()) as Node;
    const peer: Node = holder === "A" ? "B" : "A";
    const failed = cluster.topology.nodes[holder].instanceId;
    const reconcile = "crm_resource --refresh -r vip";
    await cluster.ctl("POST", "/put-cluster", {
      name: "web",
      addresses: [{ allocationId: cluster.topology.eip.allocationId }],
      members: cluster.nodes.map((n) => ({ instanceId: cluster.topology.nodes[n].instanceId })),
      fencing: "stop",
      graceSeconds: 0,
      pacemaker: { reconcileCommand: reconcile },
    });
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act: EC2 reports the holder's instance status check failed; its alarm's event reaches the controller.
    await cluster.ctl("POST", "/impaired", [failed]);
    const report = (await cluster.ctl(
      "POST",
      "/invoke",
      alarmStateChange({
        alarmName: `eip-failover-dev-status-${holder}`,
        instanceId: failed,
        state: "ALARM",
      }),
    )) as { addresses: { result: { outcome: string; commandId?: string } }[] };
    // A stop and start moves an instance to healthy hardware: its checks pass once it is stopped.
    await cluster.until(async () => !cluster.isUp(holder), 60_000, `node ${holder} powered off`, 100);
    await cluster.ctl("POST", "/impaired", []);
    const result = report.addresses[0]?.result;
    // As the SSM Agent would: the script runs on the peer while the scenario goes on (the controller waits for
    // none of it), and its outcome is recorded, not required: on a fenced cluster the fence of the failed node
    // makes Pacemaker recover vip where the address is, refresh or not.
    const reconciled = result?.commandId
      ? runSentScript(cluster, peer, result.commandId).then(
          () => "reconcile script: exit 0",
          (e: Error) => `reconcile script: ${e.message.split(":").slice(-2).join(":").trim() || "failed"}`,
        )
      : Promise.resolve("no reconcile script");
    await cluster.until(async () => cluster.isUp(holder), 180_000, `node ${holder} booted again`, 250);
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    const reconcileOutcome = await reconciled;
    // Assess: the controller's associate is a move to the peer (movesIn counts a move by who associates).
    const log = (await cluster.log()).map((e) =>
      e.client === "lambda" ? { ...e, client: `node${peer}` } : e,
    );
    const moved = movesIn(log, t0, Date.now(), `node${holder}`);
    const raw = await cluster.log();
    const calls = fenceCalls(raw, t0);
    record({
      scenario: `fenced + controller: status check of the holder ${holder} fails, its Pacemaker still runs`,
      seconds: ((await associatedAt(cluster, "lambda", t0)) - t0) / 1000,
      ...callsSince(raw, t0, `node${holder}`),
      moves: moved.moves,
      unassociatedMs: moved.unassociatedMs,
      endHolder: where,
      note: `controller: ${result?.outcome}; ${reconcileOutcome}; invariant samples active on two: ${breaches.twoActive.length}, pointing nowhere: ${breaches.nowhere.length}; ${calls.join(", ")}; ${moved.calls.join(", ")}; power: ${(
        cluster.power?.events ?? []
      )
        .filter((e) => e.t >= t0)
        .map((e) => `${e.node} ${e.did}`)
        .join(", ")}`,
    });
    expect(result?.outcome).toBe("moved");
    // One stop (the controller's); the cluster's reboot found the instance off and only started it.
    expect(calls.filter((c) => c.endsWith("StopInstances"))).toEqual(["lambda StopInstances"]);
    expect(calls).toContain(`node${peer} StartInstances`);
    expect(where).toBe(peer);
    // Open (issue 29): with docs/fencing.md's token (5 s) the reconcile's crm_resource --refresh on the peer fails
    // until the fence of the old holder is done, so the peer's Pacemaker finds vip active where it did not start
    // it and recovers it (stop, then start: a second move and about 2.6 s unassociated, bench/results/e2e-fencing.md).
    // With token 1 s the refresh got through first: 1 move, 22 ms. The moves and the gap are recorded above.
    expect(moved.moves).toBeGreaterThanOrEqual(1);
    expect(moved.moves).toBeLessThanOrEqual(2);
  });
});
