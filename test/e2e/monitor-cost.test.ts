import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Node } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { failCount } from "./scenario.ts";
import { type ClusterSettings, pacemakerSettings } from "./settings.ts";

// Why a count short of an hour proves the hour: a recurring monitor carries nothing from one run to the next
// that could change its path (agent/eip/monitor.ts: a fresh IMDSv2 token each run; the public IP cached by the probe
// never changes; no timer, counter or expiry), so each recurring monitor on the holder is the same IMDS-only
// run, and N of them making zero EC2 calls is what 360 of them (an hour of Deploy step 6's 10 s monitors) would
// make. The suite ran all 360 until it took 8 minutes; E2E_MONITORS=360 still does.
const MONITORS = Number(process.env.E2E_MONITORS ?? 30);
const HOUR_OF_10S = 3600 / 10;
const INTERVAL = "1s";
// A 60 s outage spans 6 of Deploy step 6's 10 s monitors: this one lasts until 10 of the 1 s ones have finished
// inside it, and is lifted on that event, not after a fixed sleep.
const OUTAGE_MONITORS = 10;

/** Deploy step 6's settings with the monitor's interval replaced (its timeout and all else as written). */
function withMonitorInterval(settings: ClusterSettings, interval: string): ClusterSettings {
  const op = / op monitor interval=\S+/;
  if (!settings.lines.some((l) => op.test(l)))
    throw new Error("Deploy step 6 sets no 'op monitor interval='");
  return { lines: settings.lines.map((l) => l.replace(op, ` op monitor interval=${interval}`)) };
}

describe("e2e: a holder's recurring monitors cost EC2 nothing, and an EC2 outage does not make Pacemaker recover it", () => {
  const cluster = new Cluster({
    settings: withMonitorInterval(pacemakerSettings(), INTERVAL),
    imdsAssociations: true,
  });
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
  });
  afterAll(() => cluster.down());

  /** The recurring monitors `node`'s agent has finished so far, from its Pacemaker log (execd logs their stderr). */
  const monitors = (node: Node) => {
    const log = readFileSync(join(cluster.base, `node${node}`, "var-log-pacemaker/pacemaker.log"), "utf8");
    return log
      .split("\n")
      .filter((l) => /vip_monitor_[1-9]\d*\[/.test(l) && l.includes("eip-failover[vip] monitor:")).length;
  };
  /** The EC2 calls the nodes' agents sent at or after `t0`, as "client action". */
  const agentCalls = async (t0: number) =>
    (await cluster.log())
      .filter((e) => e.time >= t0 && e.service === "ec2" && e.client.startsWith("node"))
      .map((e) => `${e.client} ${e.action}`);

  it(
    `${MONITORS} recurring monitors on the holder make zero EC2 calls, each IMDS-only (as an hour's ${HOUR_OF_10S} of 10 s would)`,
    async () => {
      // Prepare
      const watch = watchInvariants(cluster);
      const t0 = Date.now();
      const before = monitors("A");
      // Act
      await cluster.until(
        async () => monitors("A") - before >= MONITORS,
        MONITORS * 5_000,
        `${MONITORS} recurring monitors on node A`,
        1_000,
      );
      const breaches = await watch.stop();
      // Assess
      console.log(
        `e2e monitor cost: ${monitors("A") - before} recurring monitors on the holder, ${(await agentCalls(t0)).length} EC2 calls; ${invariantNote(breaches)}`,
      );
      expect(breaches.twoActive).toEqual([]);
      expect(breaches.nowhere).toEqual([]);
      expect(await agentCalls(t0)).toEqual([]);
      expect(await cluster.holderNode()).toBe("A");
    },
    MONITORS * 5_000 + 30_000,
  );

  it(`an EC2 outage on the holder's side over ${OUTAGE_MONITORS} monitors (a 60 s one spans 6 of 10 s): they keep answering 0, the fail count stays 0`, async () => {
    // Prepare
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    const before = monitors("A");
    // Act: every EC2 call of node A's agent answered 503 Unavailable until OUTAGE_MONITORS monitors finished
    await cluster.ctl("POST", "/faults", [
      { action: "*", client: "nodeA", fault: { kind: "http", status: 503, code: "Unavailable" } },
    ]);
    await cluster.until(
      async () => monitors("A") - before >= OUTAGE_MONITORS,
      OUTAGE_MONITORS * 5_000,
      `${OUTAGE_MONITORS} recurring monitors on node A during the outage`,
      500,
    );
    const during = monitors("A") - before;
    await cluster.ctl("POST", "/faults", []);
    const breaches = await watch.stop();
    // Assess
    console.log(`e2e monitor cost, EC2 outage: ${invariantNote(breaches)}`);
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    expect(during, "monitors ran during the outage").toBeGreaterThanOrEqual(OUTAGE_MONITORS);
    expect(await failCount(cluster, "A")).toBe(0);
    expect(await cluster.startedOn("B")).toBe("nodeA");
    expect(await cluster.holderNode()).toBe("A");
    expect(await agentCalls(t0)).toEqual([]);
  });
});
