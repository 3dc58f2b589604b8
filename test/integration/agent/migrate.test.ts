import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { holder as holderOf, ROOT } from "../../../cli/harness/index.ts";
import { deadlineIn, observeRoutes } from "../../../core/index.ts";
import { DEFAULT_LAG } from "../../../sim/consistency.ts";
import type { NodeName } from "../../../sim/constants.ts";
import { rscTmp, runAgent } from "../../support/agent.ts";
import { useNodeNamespace } from "../../support/netns.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// Both built agents, spawned as pacemaker-execd runs a live migration (allow-migrate=true) from A to B:
// migrate_to on A, migrate_from on B, stop on A, then a probe on A. Against the sim with its read lag on (EC2's and
// IMDS's, 1-3 s by default), so A's reads right after B's call may still show the address (the routes) at A.

const MIGRATION = {
  OCF_RESKEY_CRM_meta_migrate_source: "nodeA",
  OCF_RESKEY_CRM_meta_migrate_target: "nodeB",
};
const PROBE = { OCF_RESKEY_CRM_meta_interval: "0" };

/**
 * Reads `what` over and over until stopped, for what a planned move looked like from outside while it ran (the
 * truth, without the sim's lag). Every answer is kept, in order.
 */
function watch<T>(what: () => Promise<T>) {
  const seen: T[] = [];
  let running = true;
  const loop = (async () => {
    while (running) seen.push(await what());
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      seen.push(await what());
      return seen;
    },
  };
}

describe("ocf:eip-failover:eip, a live migration A → B", () => {
  const sim = useRegion();
  const { agent } = useNodeAgent(sim);
  const holder = () => holderOf(sim.region.truth, sim.region.topology.eip.allocationId);
  const mutating = (from: number) =>
    sim.region.proxy.log
      .entries()
      .slice(from)
      .filter((e) => e.mutating)
      .map((e) => `${e.client} ${e.action}`);

  it("migrate_from is B's one AssociateAddress; migrate_to and A's stop make no mutating call; A's probe is 7", async () => {
    // Prepare: the cluster started the resource on A (A's start remembers its association).
    expect((await agent("A", "start")).code).toBe(0);
    const { A, B } = sim.region.topology.nodes;
    expect(await holder()).toBe(A.instanceId);
    const from = sim.region.proxy.log.entries().length;
    const during = watch(holder);
    // Act
    const to = await agent("A", "migrate_to", MIGRATION);
    const take = await agent("B", "migrate_from", MIGRATION);
    const stop = await agent("A", "stop", MIGRATION);
    const probe = await agent("A", "monitor", PROBE);
    const seen = await during.stop();
    // Assess
    expect([to.code, take.code, stop.code, probe.code]).toEqual([0, 0, 0, 7]);
    expect(mutating(from)).toEqual(["nodeB AssociateAddress"]);
    expect(stop.stderr).toContain("already handed over to nodeB");
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).not.toContain(undefined);
    expect(new Set(seen)).toEqual(new Set([A.instanceId, B.instanceId]));
    expect(seen.at(-1)).toBe(B.instanceId);
    expect((await agent("B", "monitor", PROBE)).code).toBe(0);
  });

  it("with reads lagging 6 s: A's stop makes no call, and its probe reads the handed-over association still at A: 7", async () => {
    // Prepare
    const lag = { minMs: 6_000, maxMs: 6_000 };
    const slow = { ...MIGRATION, OCF_RESKEY_api_lag: "7" };
    expect((await agent("A", "start", slow)).code).toBe(0);
    sim.region.proxy.setConsistency(lag);
    // A's own start shows at once from here: the reads this test is about are those after B's call.
    sim.region.proxy.settle();
    try {
      const from = sim.region.proxy.log.entries().length;
      // Act
      const to = await agent("A", "migrate_to", slow);
      const take = await agent("B", "migrate_from", slow);
      const stop = await agent("A", "stop", slow);
      const probe = await agent("A", "monitor", { ...slow, ...PROBE });
      // Assess
      const aReads = sim.region.proxy.log
        .entries()
        .slice(from)
        .filter((e) => e.client === "nodeA")
        .map((e) => `${e.action} ${e.stale ? "stale" : "exact"}`);
      expect(aReads).toEqual(["DescribeAddresses stale"]);
      expect([to.code, take.code, stop.code, probe.code]).toEqual([0, 0, 0, 7]);
      expect(stop.stderr).toContain("already handed over to nodeB");
      expect(probe.stderr).toContain("handed over by this node's migrate_to to nodeB");
      expect(mutating(from)).toEqual(["nodeB AssociateAddress"]);
      expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
    } finally {
      sim.region.proxy.setConsistency(DEFAULT_LAG);
    }
  });

  it("advertises migrate_to and migrate_from in its meta-data", async () => {
    const { stdout } = await agent("A", "meta-data");
    expect(stdout).toContain('<action name="migrate_to" timeout="30s" />');
    expect(stdout).toContain('<action name="migrate_from" timeout="30s" />');
  });
});

describe("ocf:eip-failover:route, a live migration A → B", () => {
  const sim = useRegion();
  const ns = { A: useNodeNamespace("eipMA"), B: useNodeNamespace("eipMB") };
  const tmp: Record<NodeName, string> = { A: "", B: "" };
  beforeEach(async () => {
    for (const n of ["A", "B"] as const) {
      tmp[n] = rscTmp();
      await ns[n].flush();
    }
  });
  /** One route table, so the move is one call. */
  const table = () => sim.region.topology.overlay.routeTableIds[0] as string;
  const agent = (n: NodeName, action: string, extra: Record<string, string> = {}) =>
    runAgent(
      action,
      {
        ...sim.region.env(`node${n}`, n),
        PATH: `${ns[n].ipDir}:${process.env.PATH ?? ""}`,
        HA_RSCTMP: tmp[n],
        OCF_ROOT: "/usr/lib/ocf",
        OCF_RESOURCE_INSTANCE: "overlay",
        OCF_RESKEY_ip: "192.168.100.10",
        OCF_RESKEY_routing_table: table(),
        OCF_RESKEY_CRM_meta_timeout: "20000",
        ...extra,
      },
      join(ROOT, "dist/agent/route"),
    );
  const routedTo = async () =>
    (
      await observeRoutes(
        sim.region.truth,
        { destination: "192.168.100.10/32", routeTableIds: [table()] },
        { deadline: deadlineIn(10_000) },
      )
    ).tables[0]?.route?.networkInterfaceId;

  it("migrate_from is B's one ReplaceRoute; migrate_to and A's stop make no EC2 call; A's probe is 7", async () => {
    // Prepare: the cluster started the resource on A.
    expect((await agent("A", "start")).code).toBe(0);
    const { A, B } = sim.region.topology.nodes;
    expect(await routedTo()).toBe(A.networkInterfaceId);
    const from = sim.region.proxy.log.entries().length;
    const during = watch(routedTo);
    // Act
    const to = await agent("A", "migrate_to", MIGRATION);
    const ipAfterHandover = await ns.A.addresses();
    const take = await agent("B", "migrate_from", MIGRATION);
    const stop = await agent("A", "stop", MIGRATION);
    const probe = await agent("A", "monitor", PROBE);
    const seen = await during.stop();
    // Assess
    expect([to.code, take.code, stop.code, probe.code]).toEqual([0, 0, 0, 7]);
    expect(ipAfterHandover).toContain("192.168.100.10");
    const calls = sim.region.proxy.log.entries().slice(from);
    expect(calls.filter((e) => e.mutating).map((e) => `${e.client} ${e.action}`)).toEqual([
      "nodeB ReplaceRoute",
    ]);
    expect(calls.filter((e) => e.client === "nodeA")).toEqual([]);
    expect(seen).not.toContain(undefined);
    expect(new Set(seen)).toEqual(new Set([A.networkInterfaceId, B.networkInterfaceId]));
    expect(seen.at(-1)).toBe(B.networkInterfaceId);
    expect((await ns.A.addresses()).filter((a) => a.startsWith("192.168.100."))).toEqual([]);
    expect((await ns.B.addresses()).filter((a) => a.startsWith("192.168.100."))).toEqual(["192.168.100.10"]);
  });
});
