import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failoverBound } from "./bound.ts";
import { Cluster, type Node } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { agreement, associatedAt, holdersFor, mutatingBy, restartAndRejoin } from "./scenario.ts";
import { corosyncTimings, failureTimeoutSeconds, monitorSeconds } from "./settings.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

afterAll(() => writeSummary("e2e-three-nodes", "npx vitest run --project e2e test/e2e/three-nodes.test.ts"));

/** The node (other than `not`) that moto says holds the EIP, once one does. */
async function takenByOneOf(cluster: Cluster, nodes: readonly Node[], timeoutMs: number): Promise<Node> {
  let by: Node | undefined;
  await cluster.until(
    async () => {
      const h = await cluster.holderNode();
      by = h === "nobody" || !nodes.includes(h) ? undefined : h;
      return by !== undefined;
    },
    timeoutMs,
    `the EIP on one of ${nodes.join(", ")}`,
    50,
  );
  return by as Node;
}

describe("e2e: three nodes in three subnets (quorum on), Deploy step 6 settings", () => {
  const cluster = new Cluster({ nodes: 3 });
  const bound = failoverBound(cluster.settings, 3);
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
  });
  afterAll(() => cluster.down());

  it("corosync's real token is the formula's: token + (nodes − 2) × token_coefficient", async () => {
    const cmap = (await cluster.on("A", "corosync-cmapctl", "-g", "runtime.config.totem.token")).stdout;
    expect(Number(/=\s*(\d+)/.exec(cmap)?.[1])).toBe(corosyncTimings(cluster.settings, 3).token);
  });

  let holder: Node = "A";
  it(`SIGKILL of the holder's corosync: the EIP is on exactly one other node (time reported against ${bound.promise.toFixed(2)} s)`, async () => {
    // A stays up (only its corosync dies): it can hold the address until the new holder's start takes it.
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    process.kill(await cluster.pidOf("A", "corosync"), "SIGKILL");
    holder = await takenByOneOf(cluster, ["B", "C"], bound.waitSeconds * 1000 + 30_000);
    const seconds = ((await associatedAt(cluster, `node${holder}`, t0)) - t0) / 1000;
    // Assess over one more monitor interval: no second move.
    const holders = await holdersFor(cluster, monitorSeconds(cluster.settings) * 1000 + 2_000);
    const breaches = await watch.stop();
    const figures = callsSince(await cluster.log(), t0, "nodeA");
    record({
      scenario: "3 nodes: SIGKILL corosync on the holder A",
      seconds,
      ...figures,
      endHolder: holder,
      note: `${bound.judge(seconds)}; holders sampled: ${holders.join(" → ")}; ${invariantNote(breaches)}`,
    });
    expect(holders).toEqual([holder]);
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("node A restarts and rejoins: nothing moves", async () => {
    // While A is powered off it is not a live node (cluster.isUp); the holder is, and keeps the address.
    const watch = watchInvariants(cluster);
    const rejoined = await restartAndRejoin(cluster, "A", holder, "3 nodes: A restarted, rejoins");
    const breaches = await watch.stop();
    console.log(`e2e 3 nodes rejoin: ${invariantNote(breaches)}`);
    expect(rejoined.where).toBe(holder);
    expect(rejoined.moves).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });

  it("the holder isolated: the majority takes the EIP; the minority stops and never takes it back", async () => {
    const minority = holder;
    const majority = cluster.nodes.filter((n) => n !== minority);
    // Unfenced, the minority (no-quorum-policy=freeze) keeps running vip while the majority starts it, until the
    // minority's monitor finds the address gone and stops it: over that window "never active on two nodes as
    // Pacemaker sees it" does not apply (each side sees its own; together they see two), by the design of
    // stonith-enabled=false, which fencing removes (fencing-three-nodes.test.ts). From the minority's stop on, through
    // the rest of the split and after the heal, both invariants hold; "never pointing nowhere" holds throughout.
    const watch = watchInvariants(cluster);
    const split = watch.exempt("twoActive", "unfenced split: the minority runs vip until its monitor");
    const t0 = Date.now();
    await cluster.partition([minority]);
    const taker = await takenByOneOf(cluster, majority, bound.waitSeconds * 1000 + 30_000);
    const seconds = ((await associatedAt(cluster, `node${taker}`, t0)) - t0) / 1000;
    // The minority's monitor finds the address gone and stops vip (no quorum: it may start nothing).
    await cluster.until(
      async () => (await cluster.startedOn(minority)) === "nowhere",
      (monitorSeconds(cluster.settings) + 20) * 1000,
      `node ${minority} to stop vip`,
      500,
    );
    split();
    // Never takes it back: hold the partition past the minority's failure-timeout.
    const expiry = failureTimeoutSeconds(cluster.settings);
    const holdMs = (Number.isFinite(expiry) ? expiry + monitorSeconds(cluster.settings) : 30) * 1000;
    const holders = await holdersFor(cluster, Math.max(0, t0 + holdMs - Date.now()));
    const figures = callsSince(await cluster.log(), t0, `node${minority}`);
    await cluster.heal([minority]);
    const healed = Date.now();
    const where = await agreement(cluster, 90_000);
    const breaches = await watch.stop();
    record({
      scenario: `3 nodes: holder ${minority} isolated (minority), then healed`,
      seconds,
      ...figures,
      endHolder: where,
      note: `majority took it in the seconds shown; ${(holdMs / 1000).toFixed(0)} s held apart, holders sampled: ${holders.join(" → ")}; all agree ${((Date.now() - healed) / 1000).toFixed(1)} s after the heal; ${invariantNote(breaches)}`,
    });
    expect(holders).toEqual([taker]);
    // The minority kept the address until the majority's atomic associate; its later stop made no call.
    expect(await mutatingBy(cluster, minority, t0)).toEqual([]);
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(where).toBe(taker);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});
