import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failoverBound } from "./bound.ts";
import { Cluster, type Node } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { movesIn } from "./measure.ts";
import {
  agreement,
  associatedAt,
  eipOn,
  failCount,
  holdersFor,
  mutatingBy,
  nextMonitor,
  restartAndRejoin,
  setTargetRole,
} from "./scenario.ts";
import { failureTimeoutSeconds, monitorSeconds } from "./settings.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

afterAll(() => writeSummary("e2e-partitions", "npx vitest run --project e2e test/e2e/partition.test.ts"));

// The issue's promise: no ping-pong for 60 s of partition.
const PARTITION_MS = 60_000;

describe("e2e: two nodes cut apart (a blackhole route each way; both still reach EC2), Deploy step 6 settings", () => {
  // The heal scenario times its cut by the holder's monitor, which it sees as that monitor's DescribeAddresses in
  // the proxy log (scenario.ts nextMonitor). With IMDS showing the holder's Elastic IPs a recurring monitor asks
  // EC2 nothing, so here each node's IMDS lists none and every monitor reads EC2 (lagging, as the sim's default).
  const cluster = new Cluster({ imdsAssociations: false });
  const bound = failoverBound(cluster.settings, 2);
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
  });
  afterAll(() => cluster.down());

  /**
   * An unfenced split: each side's Pacemaker sees the other's resources as stopped, so the side without vip starts
   * it while the holder's side still runs it, until the holder's monitor finds the address gone and stops it there.
   * Over that window "never active on two nodes as Pacemaker sees it" does not apply (each side sees its own
   * node only; together they see two): that is the design of stonith-enabled=false (docs/fencing.md), which fencing
   * removes. The window ends when `loser`'s own Pacemaker says vip is not started anywhere it knows of; from then on,
   * through the rest of the split and after the heal, both invariants hold. "Never pointing nowhere" holds
   * throughout: both sides are live and the takeover is one AssociateAddress.
   */
  async function splitUntilLoserStops(watch: ReturnType<typeof watchInvariants>, loserNode: Node) {
    const split = watch.exempt("twoActive", "unfenced split: each side runs vip until the holder's monitor");
    await cluster.until(
      async () => (await cluster.startedOn(loserNode)) === "nowhere",
      (monitorSeconds(cluster.settings) + 30) * 1000,
      `node ${loserNode}'s Pacemaker to stop vip`,
      250,
    );
    split();
  }

  let loser: Node = "A";
  let winner: Node = "B";
  it("a 60 s partition moves the EIP exactly once, no ping-pong; after the heal both Pacemakers agree", async () => {
    // Prepare
    const from = (await cluster.holderNode()) as Node;
    [loser, winner] = from === "A" ? ["A", "B"] : ["B", "A"]; // the holder loses: the other side starts vip
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act
    await cluster.partition(["A"]);
    const [holders] = await Promise.all([
      holdersFor(cluster, PARTITION_MS),
      splitUntilLoserStops(watch, loser),
    ]);
    const during = movesIn(await cluster.log(), t0, t0 + PARTITION_MS, `node${from}`);
    await cluster.heal(["A"]);
    const healed = Date.now();
    const where = await agreement(cluster);
    const breaches = await watch.stop();
    // Assess
    const figures = callsSince(await cluster.log(), t0, `node${from}`);
    record({
      scenario: "partition A | B for 60 s, then healed",
      seconds: (Date.now() - healed) / 1000,
      ...figures,
      endHolder: where,
      note: `seconds from heal to agreement; holders sampled: ${holders.join(" → ")}; Pacemakers agree; ${invariantNote(breaches)}`,
    });
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    expect(during.moves, during.calls.join(", ")).toBe(1);
    // The loser's monitor found the address gone and Pacemaker stopped vip there: that stop made no call.
    expect(await mutatingBy(cluster, loser, t0)).toEqual([]);
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(where).toBe(winner);
  });

  it("then the holder dies: the node that lost the partition is a failover target again and takes the EIP", async () => {
    // Prepare: the loser's failure is forgotten after failure-timeout (Deploy step 6).
    const expiry = failureTimeoutSeconds(cluster.settings);
    const waitMs = Number.isFinite(expiry) ? (expiry + 60) * 1000 : 30_000;
    const cleared = await cluster
      .until(
        async () => (await failCount(cluster, loser)) === 0,
        waitMs,
        `node ${loser}'s fail count to expire`,
        1_000,
      )
      .then(
        () => true,
        () => false,
      );
    // The winner's node stays up (only its corosync dies): it holds the address until the loser's start takes it.
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act
    process.kill(await cluster.pidOf(winner, "corosync"), "SIGKILL");
    const took = await eipOn(cluster, loser, bound.waitSeconds * 1000 + 30_000).then(
      () =>
        cluster
          .until(
            async () => (await cluster.startedOn(loser)) === `node${loser}`,
            30_000,
            `node ${loser}'s Pacemaker to see vip on ${loser}`,
          )
          .then(() => true),
      () => false,
    );
    const breaches = await watch.stop();
    // Assess
    const seconds = took ? ((await associatedAt(cluster, `node${loser}`, t0)) - t0) / 1000 : Number.NaN;
    record({
      scenario: `after the heal, SIGKILL corosync on the holder ${winner}`,
      seconds,
      ...callsSince(await cluster.log(), t0, `node${winner}`),
      endHolder: took ? loser : winner,
      note: `${
        took
          ? `${loser}'s fail count ${cleared ? "expired" : "NOT expired"}; ${bound.judge(seconds)}`
          : `${loser} never took it (fail count ${cleared ? "expired" : "still set"}): no failover target`
      }; ${invariantNote(breaches)}`,
    });
    expect(cleared, `node ${loser}'s fail count expired (failure-timeout ${expiry} s)`).toBe(true);
    expect(took, `node ${loser} took the EIP after ${winner} died`).toBe(true);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("the dead node restarts and rejoins: nothing moves", async () => {
    // While it is powered off it is not a live node (cluster.isUp); the holder is, and keeps the address.
    const watch = watchInvariants(cluster);
    const rejoined = await restartAndRejoin(cluster, winner, loser, `${winner} restarted, rejoins`);
    const breaches = await watch.stop();
    console.log(`e2e partition rejoin: ${invariantNote(breaches)}`);
    expect(rejoined.where).toBe(loser);
    expect(rejoined.moves).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("a partition healed before the holder's monitor notices: vip is active on both; it ends on one node, all agree", async () => {
    // Prepare: cut right after the holder's monitor, so it still believes it holds vip when the partition heals.
    const holder = (await cluster.holderNode()) as Node;
    const other: Node = holder === "A" ? "B" : "A";
    await nextMonitor(cluster, holder);
    // This scenario is the unfenced split's "active on 2 nodes" by construction: cut right after the holder's
    // monitor, healed before its next one, so both Pacemakers run vip when they meet, and Pacemaker's recovery
    // (multiple-active=stop_start: stop both, start one) is what is under test. "Never active on two nodes" does not
    // apply from the cut until they agree again (its samples are reported as exempted), and is asserted from then
    // through the holder's next monitor; "never pointing nowhere" is asserted throughout, the recovery's stops and
    // start included. With fencing this scenario cannot happen.
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    const split = watch.exempt(
      "twoActive",
      "unfenced split healed before the holder's monitor: active on both",
    );
    await cluster.partition(["A"]);
    await eipOn(cluster, other, 30_000);
    // Act
    await cluster.heal(["A"]);
    const healed = Date.now();
    const where = await agreement(cluster);
    // … and from agreement through the holder's next monitor, Pacemaker sees vip on one node only.
    split();
    await nextMonitor(cluster, where);
    const breaches = await watch.stop();
    // Assess
    const log = await cluster.log();
    const figures = callsSince(log, t0, `node${holder}`);
    record({
      scenario: `partition A | B healed ${((healed - t0) / 1000).toFixed(1)} s later, before ${holder}'s monitor (vip active on both)`,
      seconds: (Date.now() - healed) / 1000,
      ...figures,
      endHolder: where,
      note: `seconds from heal to agreement; ${movesIn(log, t0, Date.now(), `node${holder}`).calls.join(", ")}; ${invariantNote(breaches)}`,
    });
    expect(breaches.nowhere).toEqual([]);
    expect(breaches.twoActive).toEqual([]);
    expect(healed - t0, "healed before the holder's next monitor").toBeLessThan(
      monitorSeconds(cluster.settings) * 1000,
    );
    expect(figures.moves).toBeLessThanOrEqual(2);
    // Pacemaker's recovery stops vip on both nodes and starts it on one: each stop hands the address over (no
    // call), and the start takes it in one AssociateAddress from wherever it is.
    expect(figures.unassociatedMs, "never pointing nowhere while a live node can hold it").toBe(0);
    expect(movesIn(log, t0, Date.now(), `node${holder}`).calls.filter((c) => /Disassociate/.test(c))).toEqual(
      [],
    );
  });

  it("disabling vip releases the address: the agent's stop finds target-role Stopped in the CIB (Pacemaker passes none)", async () => {
    // Prepare
    const holder = (await cluster.holderNode()) as Node;
    // Disabled, no node may hold the address: "never pointing nowhere while a live node can hold it" does not apply
    // from the disable until the enabled resource has started again. "Never active on two nodes" holds throughout.
    const watch = watchInvariants(cluster);
    const disabled = watch.exempt("nowhere", "vip disabled: no node may hold it");
    const t0 = Date.now();
    // Act: what `pcs resource disable vip` sets
    const disable = await setTargetRole(cluster, holder, "vip", "Stopped");
    expect(disable.code, disable.stderr).toBe(0);
    await cluster.until(
      async () => (await cluster.holderNode()) === "nobody",
      60_000,
      "the address released",
    );
    // Assess: a stop that hands over makes no mutating call, so this DisassociateAddress is target-role Stopped at
    // work. Pacemaker 2.1 passes no OCF_RESKEY_CRM_meta_target_role to the stop: without the agent's CIB read
    // (agent/ocf/cib.ts) this stop kept the address (measured).
    expect(await mutatingBy(cluster, holder, t0)).toEqual(["DisassociateAddress"]);
    record({
      scenario: "vip disabled (target-role Stopped)",
      seconds: (Date.now() - t0) / 1000,
      ...callsSince(await cluster.log(), t0, `node${holder}`),
      endHolder: "nobody",
      note: `${holder}'s stop released the address, as asked`,
    });
    // Enabled again, it starts on a node with one AssociateAddress.
    const enable = await setTargetRole(cluster, holder, "vip", undefined);
    expect(enable.code, enable.stderr).toBe(0);
    await cluster.until(async () => (await cluster.holderNode()) !== "nobody", 60_000, "vip started again");
    disabled();
    await agreement(cluster);
    const breaches = await watch.stop();
    console.log(`e2e partition disable: ${invariantNote(breaches)}`);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});
