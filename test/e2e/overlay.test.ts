import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Node } from "./cluster.ts";
import { eipOn, movedSince, overlayOn, restartCorosync, routedTo } from "./scenario.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

afterAll(() => writeSummary("e2e-overlay", "npx vitest run --project e2e test/e2e/overlay.test.ts"));

// Issue 17 item 5: ocf:eip-failover:route in one group with the EIP agent, under real Pacemaker (docs/pacemaker.md's
// recommended group: vip, then overlay with multiple-active=stop_unexpected). Final states, and no move on rejoin.
describe("e2e: overlay routes and the EIP in one group, crash of the holder (SIGKILL corosync on A)", () => {
  const cluster = new Cluster();
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId, { overlay: true });
  });
  afterAll(() => cluster.down());

  /** Where the routes, the EIP and the overlay IP are: one line per fact, for a failing assertion's message. */
  const state = async () => ({
    routes: await routedTo(cluster),
    eip: await cluster.holderNode(),
    overlayIp: (
      await Promise.all(cluster.nodes.map(async (n) => ((await overlayOn(cluster, n)) ? n : "")))
    ).filter(Boolean) as Node[],
  });
  /** B's Pacemaker runs the whole group on B, settled: nothing starting, stopping, failed or active twice. */
  const groupSettledOnB = async () => {
    const out = (await cluster.on("B", "crm_mon", "-1")).stdout;
    const active = out.split("Failed Resource Actions")[0] ?? "";
    return (
      /overlay\s.*Started nodeB/.test(active) &&
      /vip\s.*Started nodeB/.test(active) &&
      !/FAILED|Stopping|Starting|active on \d+ nodes/.test(active)
    );
  };
  const allOnB = { routes: ["B", "B"], eip: "B", overlayIp: ["B"] };

  it("both tables' routes and the EIP end on B's interface, and the overlay IP on B's eth0; once A is back, not on A's", async () => {
    // Prepare: the group runs on A, where the topology put the EIP and the routes
    expect(await state()).toEqual({ routes: ["A", "A"], eip: "A", overlayIp: ["A"] });
    // Act: A crashes out of the cluster
    const t0 = Date.now();
    process.kill(await cluster.pidOf("A", "corosync"), "SIGKILL");
    await eipOn(cluster, "B");
    await cluster.until(groupSettledOnB, 60_000, "the group settled on B", 250);
    // Assess: B holds the routes and the EIP and has the IP. A, cut off and unfenced, has not stopped anything.
    const failedOver = await state();
    expect(failedOver.routes).toEqual(["B", "B"]);
    expect(failedOver.eip).toBe("B");
    expect(failedOver.overlayIp).toContain("B");
    record({
      scenario: "group overlay + vip: SIGKILL corosync on A",
      seconds: (Date.now() - t0) / 1000,
      ...callsSince(await cluster.log(), t0, "nodeA"),
      endHolder: "B",
      note: `seconds to the group settled on B; overlay IP on ${failedOver.overlayIp.join(" and ")} (A unfenced)`,
    });
    // Act: A's corosync comes back; its probe finds the IP there but the routes elsewhere (rc 1): "active on 2 nodes"
    const t1 = Date.now();
    await restartCorosync(cluster, "A");
    await cluster.until(
      async () => (await groupSettledOnB()) && !(await overlayOn(cluster, "A")),
      90_000,
      "A's overlay IP removed and the group settled on B",
      500,
    );
    // Assess: Pacemaker stopped A's stale instance only. B's EIP and routes were never touched: no call moved them.
    expect(await movedSince(cluster, t1)).toEqual([]);
    expect(await state()).toEqual(allOnB);
    record({
      scenario: "… then A's corosync restarted",
      seconds: (Date.now() - t1) / 1000,
      ...callsSince(await cluster.log(), t1, "nodeB"),
      endHolder: "B",
      note: "seconds to A's IP removed and the group settled on B; routes, EIP and IP on B only",
    });
  });
});
