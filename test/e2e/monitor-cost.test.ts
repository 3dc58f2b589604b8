import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Node } from "./cluster.ts";
import { failCount } from "./scenario.ts";
import { type ClusterSettings, readmeSettings } from "./settings.ts";

// One hour of the README's 10 s monitors, run faster: the same count at a 1 s interval.
const MONITORS = Number(process.env.E2E_MONITORS ?? 3600 / 10);
const INTERVAL = "1s";
const OUTAGE_MS = 60_000;

/** README step 6's settings with the monitor's interval replaced (its timeout and all else as written). */
function withMonitorInterval(settings: ClusterSettings, interval: string): ClusterSettings {
  const ops = settings.resource.ops;
  return {
    ...settings,
    resource: { ...settings.resource, ops: { ...ops, monitor: { ...ops.monitor, interval } } },
  };
}

describe("e2e: a holder's recurring monitors cost EC2 nothing, and an EC2 outage does not make Pacemaker recover it", () => {
  const cluster = new Cluster({
    settings: withMonitorInterval(readmeSettings(), INTERVAL),
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
    `${MONITORS} recurring monitors on the holder (an hour of 10 s monitors) make zero EC2 calls`,
    async () => {
      // Prepare
      const t0 = Date.now();
      const before = monitors("A");
      // Act
      await cluster.until(
        async () => monitors("A") - before >= MONITORS,
        MONITORS * 5_000,
        `${MONITORS} recurring monitors on node A`,
        1_000,
      );
      // Assess
      console.log(
        `e2e monitor cost: ${monitors("A") - before} recurring monitors on the holder, ${(await agentCalls(t0)).length} EC2 calls`,
      );
      expect(await agentCalls(t0)).toEqual([]);
      expect(await cluster.holderNode()).toBe("A");
    },
    MONITORS * 5_000 + 30_000,
  );

  it("an EC2 outage of 60 s on the holder's side: its monitors keep answering 0, the fail count stays 0", async () => {
    // Prepare
    const t0 = Date.now();
    const before = monitors("A");
    // Act: every EC2 call of node A's agent answered 503 Unavailable for 60 s
    await cluster.ctl("POST", "/faults", [
      { action: "*", client: "nodeA", fault: { kind: "http", status: 503, code: "Unavailable" } },
    ]);
    await sleep(OUTAGE_MS);
    await cluster.ctl("POST", "/faults", []);
    // Assess
    expect(monitors("A") - before, "monitors ran during the outage").toBeGreaterThan(0);
    expect(await failCount(cluster, "A")).toBe(0);
    expect(await cluster.startedOn("B")).toBe("nodeA");
    expect(await cluster.holderNode()).toBe("A");
    expect(await agentCalls(t0)).toEqual([]);
  });
});
