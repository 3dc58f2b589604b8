import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Node } from "./cluster.ts";
import { configureFencing, fencingNote } from "./fencing.ts";
import { watchInvariants } from "./invariants.ts";
import { agreement, associatedAt, holdersFor } from "./scenario.ts";
import { callsSince, lines, record, writeSummary } from "./summary.ts";

const RESULTS = join(import.meta.dirname, "../../bench/results/e2e-fencing-three-nodes.md");
afterAll(() => {
  if (lines.length === 0) return;
  writeSummary(
    "e2e-fencing-three-nodes",
    "npx vitest run --project e2e test/e2e/fencing-three-nodes.test.ts",
  );
  appendFileSync(RESULTS, fencingNote());
});

describe("e2e: STONITH on, the distribution's fence_aws against the sim's EC2, three nodes (quorum on)", () => {
  const cluster = new Cluster({ nodes: 3, fencing: true });
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
    await configureFencing(cluster);
  });
  afterAll(() => cluster.down());

  it("the holder isolated: the majority fences it once and takes the EIP; rebooted without quorum it takes nothing", async () => {
    // Prepare
    expect(await cluster.holderNode()).toBe("A");
    const majority: Node[] = ["B", "C"];
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act
    await cluster.partition(["A"]);
    await cluster.until(
      async () => (cluster.power?.events ?? []).some((e) => e.t >= t0 && e.node === "A" && e.did === "on"),
      180_000,
      "node A fenced and booted again",
      250,
    );
    const holders = await holdersFor(cluster, 20_000);
    await cluster.heal(["A"]);
    const healed = Date.now();
    const where = await agreement(cluster, 120_000);
    const breaches = await watch.stop();
    // Assess
    const log = await cluster.log();
    const fences = log
      .filter((e) => e.time >= t0 && /^(Stop|Start)Instances$/.test(e.action) && e.status === 200)
      .map((e) => `${e.client} ${e.action}`);
    const taker = where as Node;
    const figures = callsSince(log, t0, "nodeA");
    const events = (cluster.power?.events ?? []).filter((e) => e.t >= t0).map((e) => `${e.node} ${e.did}`);
    record({
      scenario: "fenced, 3 nodes: holder A isolated (minority), healed after A rebooted",
      seconds: ((await associatedAt(cluster, `node${taker}`, t0)) - t0) / 1000,
      ...figures,
      endHolder: where,
      note: `${fences.join(", ")}; power: ${events.join(", ")}; holders sampled after A's reboot: ${holders.join(" → ")}; all agree ${((Date.now() - healed) / 1000).toFixed(1)} s after the heal`,
    });
    expect(majority).toContain(taker);
    expect(fences.filter((f) => f.endsWith("StopInstances"))).toHaveLength(1);
    expect(fences.every((f) => majority.some((n) => f.startsWith(`node${n} `)))).toBe(true);
    expect(events).toEqual(["A off", "A on"]);
    expect(holders).toEqual([taker]);
    expect(figures.moves).toBe(1);
    expect(figures.unassociatedMs).toBe(0);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
  });
});
