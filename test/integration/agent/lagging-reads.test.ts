import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holder as holderOf, ROOT } from "../../../cli/harness/index.ts";
import { deadlineIn, observeRoutes } from "../../../core/index.ts";
import type { NodeName } from "../../../sim/constants.ts";
import { rscTmp, runAgent } from "../../support/agent.ts";
import { useNodeNamespace } from "../../support/netns.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// Both built agents, spawned as pacemaker-execd would, against the sim with EC2's read lag (and IMDS's) fixed at
// 6 s: long enough that a read right after a change shows it as it was, whatever the machine's load. api_lag is
// 7 s to stay above it (the default 5 s stays above the sim's default 1-3 s). Each test first checks that the
// read it is about did lag (the proxy marks a stale answer), so it cannot pass without meeting the lag.

const LAG = { minMs: 6_000, maxMs: 6_000 };
const API_LAG = { OCF_RESKEY_api_lag: "7" };
const RECURRING = { ...API_LAG, OCF_RESKEY_CRM_meta_interval: "10000" };
const PROBE = { ...API_LAG, OCF_RESKEY_CRM_meta_interval: "0" };
const sh = promisify(execFile);

describe("ocf:eip-failover:eip while EC2 and IMDS lag (the issue's failover that undid itself)", () => {
  const sim = useRegion();
  const { agent } = useNodeAgent(sim);
  beforeAll(() => {
    sim.region.proxy.setConsistency(LAG);
    for (const n of ["A", "B"] as const) sim.region.imds[n].setAssociationLag(LAG);
  });
  const holder = () => holderOf(sim.region.truth, sim.region.topology.eip.allocationId);
  /** nodeX's DescribeAddresses since `from` (a log index): whether each answer was stale. */
  const reads = (node: NodeName, from: number) =>
    sim.region.proxy.log
      .entries()
      .slice(from)
      .filter((e) => e.client === `node${node}` && e.action === "DescribeAddresses")
      .map((e) => (e.stale ? "stale" : "exact"));
  /** B takes the address from A (which holds it, as since the cluster's start) with its own start. */
  async function failover() {
    // B's IMDS has looked before (the sim's IMDS shows the current state at its first look): it lags from now on.
    await sim.region.imds.B.catchUpAssociations();
    expect((await agent("B", "start", API_LAG)).code).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
    return sim.region.proxy.log.entries().length;
  }

  it("B's first recurring monitor right after its start: 0, its stale read confirmed by a second one", async () => {
    const from = await failover();
    const run = await agent("B", "monitor", RECURRING);
    expect(reads("B", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("confirmed by a second read (this node's own change");
  });

  it("the same monitor with api_lag 0 (reads taken as exact) answers 7: the defect the issue saw", async () => {
    const from = await failover();
    const run = await agent("B", "monitor", { ...RECURRING, OCF_RESKEY_api_lag: "0" });
    expect(reads("B", from)).toEqual(["stale"]);
    expect(run.code).toBe(7);
  });

  it("B's probe right after its own start: 0", async () => {
    const from = await failover();
    const run = await agent("B", "monitor", PROBE);
    expect(reads("B", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(0);
  });

  it("A's probe right after B took the address: 7, not 'active on 2 nodes'", async () => {
    const from = await failover();
    const run = await agent("A", "monitor", PROBE);
    expect(reads("A", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain("a probe found it here and this node changed nothing inside api_lag 7 s");
  });

  it("A's stop of the disabled resource right after B took the address never detaches B: its stale association id is refused", async () => {
    // Prepare
    const from = await failover();
    const taken = sim.region.proxy.log.entries().length;
    // Act: the stop that releases (target-role Stopped); any other stop makes no mutating call at all
    const run = await agent("A", "stop", { ...API_LAG, OCF_RESKEY_CRM_meta_target_role: "Stopped" });
    // Assess
    expect(reads("A", from)).toEqual(["stale"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("already gone (the read that showed it here lagged)");
    const calls = sim.region.proxy.log
      .entries()
      .slice(taken)
      .filter((e) => e.mutating);
    expect(calls.map((e) => [e.client, e.action, e.status])).toEqual([["nodeA", "DisassociateAddress", 400]]);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
  });
});

describe("ocf:eip-failover:route while route-table reads lag", () => {
  const sim = useRegion();
  const ns = { A: useNodeNamespace("eipLA"), B: useNodeNamespace("eipLB") };
  const tmp: Record<NodeName, string> = { A: "", B: "" };
  beforeAll(() => sim.region.proxy.setConsistency(LAG));
  beforeEach(async () => {
    for (const n of ["A", "B"] as const) {
      tmp[n] = rscTmp();
      await ns[n].flush();
    }
    // A runs the overlay IP, as since the cluster's start: the topology routes it to A, and it is on A's eth0.
    await sh("ip", ["-n", ns.A.name, "addr", "add", "192.168.100.10/32", "dev", "eth0"]);
  });
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
        OCF_RESKEY_routing_table: sim.region.topology.overlay.routeTableIds.join(","),
        OCF_RESKEY_CRM_meta_timeout: "20000",
        ...API_LAG,
        ...extra,
      },
      join(ROOT, "dist/agent/route"),
    );
  const routedTo = async () =>
    (
      await observeRoutes(sim.region.truth, sim.region.topology.overlay, { deadline: deadlineIn(10_000) })
    ).tables.map((t) => t.route?.networkInterfaceId);
  const reads = (node: NodeName, from: number) =>
    sim.region.proxy.log
      .entries()
      .slice(from)
      .filter((e) => e.client === `node${node}` && e.action === "DescribeRouteTables")
      .map((e) => (e.stale ? "stale" : "exact"));
  async function failover() {
    expect((await agent("B", "start")).code).toBe(0);
    const b = sim.region.topology.nodes.B.networkInterfaceId;
    expect(await routedTo()).toEqual([b, b]);
    return sim.region.proxy.log.entries().length;
  }

  it("B's first recurring monitor (monapi) right after its start: 0, its stale read confirmed", async () => {
    const from = await failover();
    const run = await agent("B", "monitor", { ...RECURRING, OCF_RESKEY_monapi: "true" });
    expect(reads("B", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(0);
  });

  it("B's probe right after its own start: 0", async () => {
    const from = await failover();
    const run = await agent("B", "monitor", PROBE);
    expect(reads("B", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(0);
  });

  it("A's probe right after B took the routes, its IP still up: 1 (the routes are elsewhere), never 0", async () => {
    const from = await failover();
    const run = await agent("A", "monitor", PROBE);
    expect(reads("A", from)).toEqual(["stale", "exact"]);
    expect(run.code).toBe(1);
  });

  it("A's stop right after B took the routes makes no EC2 call and leaves them at B", async () => {
    const from = await failover();
    const run = await agent("A", "stop");
    expect(run.code).toBe(0);
    expect(
      sim.region.proxy.log
        .entries()
        .slice(from)
        .filter((e) => e.client === "nodeA"),
    ).toEqual([]);
    expect(await ns.A.addresses()).toEqual([]);
    const b = sim.region.topology.nodes.B.networkInterfaceId;
    expect(await routedTo()).toEqual([b, b]);
  });
});
