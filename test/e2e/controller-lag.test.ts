import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceStateChange } from "../../sim/events.ts";
import { Cluster } from "./cluster.ts";
import { invariantNote, watchInvariants } from "./invariants.ts";
import { asMovedTo } from "./measure.ts";
import { associatedAt, failCount, holdersFor, runSentScript } from "./scenario.ts";
import { pacemakerSettings, withValues } from "./settings.ts";
import { callsSince, record, writeSummary } from "./summary.ts";

afterAll(() =>
  writeSummary("e2e-controller-lag", "npx vitest run --project e2e test/e2e/controller-lag.test.ts"),
);

// Issue 25: the controller's reconcile (`crm_resource --refresh` on the new holder, right after its move) made
// Pacemaker probe while EC2's and IMDS's reads still showed the address on A: A's probe said running ("active on
// 2 nodes"), B's said not running. (A's Pacemaker then ran on a stopped instance, which the harness no longer allows:
// an old holder's probe while reads lag is lagging-reads.test.ts's, once A's node is back.) Here every change shows 3 s late (the sim's worst case, fixed so the scenario
// surely meets it), inside the controller's 3 s bound; the cluster is Deploy step 6's with a 5 s token. A's stopped
// instance takes its node down (the harness powers nodes by their instances), and B's Pacemaker declares A lost after
// token + consensus (11 s): the move lands first, and the reconcile's script waits for that loss before it
// refreshes (a refresh while A still counts as running vip makes "active on 2 nodes"); B's own start after the loss
// associates the address where it already is.
const LAG = { minMs: 3_000, maxMs: 3_000 };
const RECONCILE = "crm_resource --refresh -r vip";

describe("e2e: a controller move followed by its reconcile while reads lag (EC2 and IMDS 3 s late)", () => {
  const cluster = new Cluster({
    lag: LAG,
    settings: { lines: withValues(pacemakerSettings().lines, { token: "5000" }) },
  });
  beforeAll(async () => {
    await cluster.up();
    await cluster.configure(cluster.topology.eip.allocationId);
  });
  afterAll(() => cluster.down());

  it("A's instance stops → the handler moves the EIP to B; the reconcile's script waits out the lag and A's loss on B, then refreshes: no 'active on 2 nodes', no extra move, no fail count on B", async () => {
    // Prepare: the controller acts at once (no grace window) and fences nothing (A's instance is already stopped)
    const { A, B } = cluster.topology.nodes;
    await cluster.ctl("POST", "/put-cluster", {
      name: "web",
      addresses: [{ allocationId: cluster.topology.eip.allocationId }],
      members: [{ instanceId: A.instanceId }, { instanceId: B.instanceId }],
      fencing: "none",
      graceSeconds: 0,
      pacemaker: { reconcileCommand: RECONCILE },
    });
    expect(await cluster.holderNode()).toBe("A");
    const watch = watchInvariants(cluster);
    const t0 = Date.now();
    // Act: A's instance stops; EventBridge's event reaches the handler; the SSM Agent on B runs what it was sent
    await cluster.ctl("POST", `/stop-instance?id=${A.instanceId}`);
    // The controller's compare-and-swap (DisassociateAddress of the association it saw on A's stopped instance, then
    // AssociateAddress without reassociation) points the address nowhere between its two calls, by design: EC2 has
    // no conditional associate, and the old holder is dead. That window is the invoke; its length is reported
    // (unassociated ms, from the proxy's log). Outside it, through the reconcile, both invariants hold.
    const cas = watch.exempt("nowhere", "the controller's compare-and-swap, old holder stopped");
    const report = (await cluster.ctl(
      "POST",
      "/invoke",
      instanceStateChange({ instanceId: A.instanceId, state: "stopped" }),
    )) as { addresses: { result: { outcome: string; commandId?: string } }[] };
    cas();
    const took = await associatedAt(cluster, "lambda", t0);
    const script = await runSentScript(cluster, "B", report.addresses[0]?.result.commandId ?? "");
    const refreshed = Date.now();
    await cluster.until(
      async () => (await cluster.startedOn("B")) === "nodeB",
      60_000,
      "B's Pacemaker to see vip on B only",
      500,
    );
    // … and past A's loss (B's Pacemaker starts nothing: its probe found vip on B) and B's next recurring monitors
    // (every 10 s): the address stays on B
    const holders = await holdersFor(cluster, 20_000);
    const breaches = await watch.stop();
    // Assess
    // no "vip might be active on 2 nodes" from any node's scheduler, nor two holders named (invariants.ts)
    expect(breaches.twoActive).toEqual([]);
    expect(breaches.nowhere).toEqual([]);
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(script[0]).toBe("sleep 3");
    expect(script[1]).toContain(`then ${RECONCILE} && exit 0; fi;`);
    expect(holders).toEqual(["B"]);
    expect(await failCount(cluster, "B")).toBe(0);
    const log = await cluster.log();
    // the controller's compare-and-swap is the only move; B's start after A's loss associates it in place
    expect(
      log.filter((e) => e.time >= t0 && e.mutating && e.status === 200).map((e) => `${e.client} ${e.action}`),
    ).toEqual(["lambda DisassociateAddress", "lambda AssociateAddress", "nodeB AssociateAddress"]);
    // the refresh came after the move showed: no node's EC2 read after it lagged behind the move. B's own start after
    // A's loss (its AssociateAddress in place) is a write of its own, and when the script's try that finds A gone
    // falls less than the lag after it, B's next read meets that start's lag (it does not show B's own young
    // association yet, and the agent reads again after its bound: lagging-reads.test.ts); 2 runs of 3 did so on a
    // machine whose tries fell 1.2 s after B's start. Such a read is not the move's.
    const ownStart = log.find((e) => e.time >= t0 && e.client === "nodeB" && e.action === "AssociateAddress");
    const fresh = log.find(
      (e) =>
        ownStart &&
        e.time > ownStart.time &&
        e.client === "nodeB" &&
        e.action === "DescribeAddresses" &&
        !e.stale,
    );
    // B's reads between its own start and its first read that shows it (which must come)
    const beforeOwnShows = (e: { time: number; client: string }) =>
      ownStart !== undefined &&
      fresh !== undefined &&
      e.client === "nodeB" &&
      e.time > ownStart.time &&
      e.time < fresh.time;
    expect(
      log.filter((e) => e.time >= refreshed && e.client.startsWith("node") && e.stale && !beforeOwnShows(e)),
    ).toEqual([]);
    // one move, the controller's to B (its calls counted as B's: B's own associate after it moved nothing)
    const figures = callsSince(asMovedTo(log, "nodeB"), t0, "nodeA");
    expect(figures.moves).toBe(1);
    record({
      scenario: "EC2 and IMDS 3 s late: Lambda move, then its reconcile",
      seconds: (took - t0) / 1000,
      ...figures,
      endHolder: "B",
      note: `reconcile script: ${script.join("; ")}; no 'active on 2 nodes', no fail count on B, no move back in 20 s; ${invariantNote(breaches)}`,
    });
    expect(await cluster.pacemakerView("B")).toMatch(/Started nodeB/);
  });
});
