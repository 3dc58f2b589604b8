import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETAIL_TYPES } from "../../functions/notices/notice.ts";
import type { LogEntry } from "../../sim/request-log.ts";
import { Cluster, type Node } from "./cluster.ts";
import { configureFencing, fencedCluster, fencedSettings, fencingNote } from "./fencing.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { asMovedTo, movesIn } from "./measure.ts";
import {
  agreement,
  associatedAt,
  eipOn,
  holdersFor,
  impairHolder,
  noticesSince,
  runSentScript,
} from "./scenario.ts";
import { corosyncTimings } from "./settings.ts";
import { callsSince, lines, record, writeSummary } from "./summary.ts";

const RESULTS = join(import.meta.dirname, "../../bench/results/e2e-fencing.md");
afterAll(() => {
  if (lines.length === 0) return;
  writeSummary("e2e-fencing", "npx vitest run --project e2e test/e2e/fencing.test.ts");
  appendFileSync(RESULTS, fencingNote());
});

/** The grace window of the scenario that leaves Pacemaker to act first: longer than its fenced failover (about 30 s). */
const GRACE_S = 60;

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
  /** What the power watcher did since `t0`, as "node did". */
  const powerSince = (t0: number) =>
    (cluster.power?.events ?? [])
      .filter((e) => e.t >= t0)
      .map((e) => `${e.node} ${e.did}`)
      .join(", ");
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

  it("a status-check failure of the holder while its Pacemaker runs: the controller fences and moves, the cluster fences it too (a start); one move, one moved notice", async () => {
    // Prepare + Act: the controller's document as Deploy step 7 gives it, fencing "stop", no grace (invoked
    // directly); EC2 reports the holder's instance status check failed, and its alarm's event reaches the controller.
    const { holder, peer, watch, t0, result } = await impairHolder(cluster, { fencing: "stop" });
    // A stop and start moves an instance to healthy hardware: its checks pass once it is stopped.
    await cluster.until(async () => !cluster.isUp(holder), 60_000, `node ${holder} powered off`, 100);
    await cluster.ctl("POST", "/impaired", []);
    // As the SSM Agent would: the script runs on the peer while the scenario goes on (the controller waits for
    // none of it); its outcome is recorded.
    const reconciled = result?.commandId
      ? runSentScript(cluster, peer, result.commandId).then(
          () => `reconcile script: exit 0 after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
          (e: Error) => `reconcile script: ${e.message.slice(e.message.lastIndexOf(": exit ") + 2)}`,
        )
      : Promise.resolve("no reconcile script");
    await cluster.until(async () => cluster.isUp(holder), 180_000, `node ${holder} booted again`, 250);
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    const reconcileOutcome = await reconciled;
    // Assess: the controller's associate is a move to the peer (movesIn counts a move by who associates).
    const raw = await cluster.log();
    const moved = movesIn(asMovedTo(raw, `node${peer}`), t0, Date.now(), `node${holder}`);
    const calls = fenceCalls(raw, t0);
    const notices = (await noticesSince(cluster, t0)).map((n) => n.detailType);
    record({
      scenario: `fenced + controller: status check of the holder ${holder} fails, its Pacemaker still runs`,
      seconds: ((await associatedAt(cluster, "lambda", t0)) - t0) / 1000,
      ...callsSince(raw, t0, `node${holder}`),
      moves: moved.moves,
      unassociatedMs: moved.unassociatedMs,
      endHolder: where,
      note: `controller: ${result?.outcome}; notices: ${notices.join(", ") || "none"}; ${reconcileOutcome}; ${invariantNote(breaches)}; ${calls.join(", ")}; ${moved.calls.join(", ")}; power: ${powerSince(t0)}`,
    });
    expect(result?.outcome).toBe("moved");
    expect(notices).toEqual([DETAIL_TYPES.moved]);
    // One stop (the controller's); the cluster's reboot found the instance off and only started it.
    expect(calls.filter((c) => c.endsWith("StopInstances"))).toEqual(["lambda StopInstances"]);
    expect(calls).toContain(`node${peer} StartInstances`);
    expect(where).toBe(peer);
    expect(moved.moves).toBe(1);
    // "Nowhere" holds, the controller's compare-and-swap (its invoke, see impairHolder) the one stated exemption: the
    // fenced holder's stopped instance holding the address until then is "on a dead node".
    expect(breaches.nowhere).toEqual([]);
    // Both invariants. The reconcile's refresh once ran while Pacemaker still counted the old holder as running vip
    // (before corosync declared it lost, in the DC-less moment after, or while it was unclean, its fence pending): the
    // peer's probe found the address and the scheduler found vip "might be active on 2 nodes". Its script now
    // refreshes only once a DC is elected, no node is unclean and the old holder is offline (plan-set.ts).
    expect(breaches.twoActive).toEqual([]);
  });

  it("a crash of the holder with a grace window: Pacemaker fences and recovers first; the controller, when the window ends, finds the EIP on the peer and does not fight it", async () => {
    // Prepare + Act: the same document with a grace window; the alarm's event is held for it (the controller answers
    // "waiting", the decisions queue would hand it over again when the window ends). Meanwhile the holder's OS is
    // gone (its status check fails while EC2 says it runs): its peer's Pacemaker fences it with fence_aws and starts
    // vip.
    const { holder, peer, watch, t0, result, decide } = await impairHolder(cluster, {
      fencing: "stop",
      graceSeconds: GRACE_S,
    });
    await cluster.powerOff(holder);
    await eipOn(cluster, peer, 180_000);
    const pacemakerAt = await associatedAt(cluster, `node${peer}`, t0);
    // The window ends; the queue's recheck hands the event over again (the instance is still reported impaired).
    await cluster.until(
      async () => Date.now() > (result?.until ?? 0),
      (GRACE_S + 10) * 1000,
      "the grace window's end",
      250,
    );
    const recheck = await decide();
    await cluster.ctl("POST", "/impaired", []);
    await cluster.until(async () => cluster.isUp(holder), 180_000, `node ${holder} booted again`, 250);
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    // Assess
    const raw = await cluster.log();
    const moved = movesIn(raw, t0, Date.now(), `node${holder}`);
    const calls = fenceCalls(raw, t0);
    const notices = (await noticesSince(cluster, t0)).map((n) => n.detailType);
    const byController = raw.filter((e) => e.time >= t0 && e.client === "lambda" && e.mutating);
    record({
      scenario: `fenced + controller (grace ${GRACE_S} s): the holder ${holder} crashes, its status check fails`,
      seconds: (pacemakerAt - t0) / 1000,
      ...callsSince(raw, t0, `node${holder}`),
      endHolder: where,
      note: `seconds to the peer's own AssociateAddress (Pacemaker's), ${pacemakerAt < (result?.until ?? 0) ? "inside" : "after"} the window; controller: ${result?.outcome}, then ${recheck?.outcome} after the window; notices: ${notices.join(", ") || "none"}; ${calls.join(", ")}; ${moved.calls.join(", ")}; ${invariantNote(breaches)}; power: ${powerSince(t0)}`,
    });
    expect(result?.outcome).toBe("waiting");
    expect(recheck?.outcome).toBe("skipped");
    expect(byController.map((e) => e.action)).toEqual([]);
    expect(notices).toEqual([]);
    expect(calls).toEqual([`node${peer} StopInstances`, `node${peer} StartInstances`]);
    expect(moved.moves).toBe(1);
    expect(where).toBe(peer);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    // The controller mutated nothing (no compare-and-swap), so its invokes' exemption from "nowhere" was never used.
    expect(breaches.exempted).toEqual([]);
  });
});
