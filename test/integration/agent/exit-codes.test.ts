import { statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

describe("the built agent, spawned as pacemaker-execd would, against the sim", () => {
  const sim = useRegion();
  const { agent, tmp } = useNodeAgent(sim);
  // Where the address is, read without the sim's lag: what the agents' calls did, not what a read shows yet.
  const holder = () => holderOf(sim.region.truth, sim.region.topology.eip.allocationId);

  it("probe: 0 on the holder after a second read (nothing on that node backs a 'here'), 7 elsewhere after one", async () => {
    expect((await agent("A", "monitor")).code).toBe(0);
    expect((await agent("B", "monitor")).code).toBe(7);
    expect(sim.region.proxy.log.byAction()).toEqual({ DescribeAddresses: 3 });
  });

  it("start on B moves the EIP from A in one AssociateAddress (≤ 2 calls); a second start keeps it on B", async () => {
    const run = await agent("B", "start");
    expect(run.code).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
    expect(sim.region.proxy.log.count({ client: "nodeB" })).toBe(2);
    expect(sim.region.proxy.log.count({ client: "nodeB", action: "AssociateAddress" })).toBe(1);
    expect((await agent("A", "monitor")).code).toBe(7);
    expect((await agent("B", "monitor")).code).toBe(0);
    // A read may lag behind someone's disassociation, so with api_lag on start associates again (to this node:
    // no change of holder); with api_lag 0 reads are exact and a read that shows it here spares the call.
    sim.region.proxy.log.clear();
    expect((await agent("B", "start")).code).toBe(0);
    expect(sim.region.proxy.log.count({ action: "AssociateAddress" })).toBe(1);
    expect(sim.region.proxy.log.count({ action: "DisassociateAddress" })).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
  });

  it("with api_lag 0 (reads exact), a start on the holder makes no call that changes anything", async () => {
    expect((await agent("A", "start", { OCF_RESKEY_api_lag: "0" })).code).toBe(0);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("stop hands the address over: no mutating call, it stays put, and that node says 7 until a start there", async () => {
    const { A, B } = sim.region.topology.nodes;
    expect((await agent("A", "stop")).code).toBe(0);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    expect(await holder()).toBe(A.instanceId);
    // EC2 (and IMDSv2) still show the address on A: the handover mark answers, not the read.
    expect((await agent("A", "monitor")).code).toBe(7);
    expect((await agent("A", "monitor", { OCF_RESKEY_CRM_meta_interval: "10000" })).code).toBe(7);
    expect((await agent("A", "stop")).code).toBe(0);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    // The next start, on any node, takes it in one AssociateAddress: it never pointed nowhere.
    expect((await agent("B", "start")).code).toBe(0);
    expect(sim.region.proxy.log.byAction()).toMatchObject({ AssociateAddress: 1 });
    expect(sim.region.proxy.log.count({ action: "DisassociateAddress" })).toBe(0);
    expect(await holder()).toBe(B.instanceId);
    expect((await agent("A", "monitor")).code).toBe(7);
    // A start on A clears its mark.
    expect((await agent("A", "start")).code).toBe(0);
    expect(await holder()).toBe(A.instanceId);
    expect((await agent("A", "monitor")).code).toBe(0);
  });

  it.each([
    ["disabled (Pacemaker passes target-role Stopped)", { OCF_RESKEY_CRM_meta_target_role: "Stopped" }],
    ["release_on_stop=true", { OCF_RESKEY_release_on_stop: "true" }],
  ])("%s: stop releases only what this node holds, is idempotent, and never answers 7", async (_, env) => {
    expect((await agent("B", "stop", env)).code).toBe(0);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
    expect((await agent("A", "stop", env)).code).toBe(0);
    expect(sim.region.proxy.log.count({ action: "DisassociateAddress" })).toBe(1);
    expect(await holder()).toBeUndefined();
    expect((await agent("A", "stop", env)).code).toBe(0);
    expect((await agent("A", "monitor")).code).toBe(7);
  });

  it("validate-all at level 0 checks syntax without touching the network; level 10 asks EC2", async () => {
    sim.region.imds.A.setFault({ kind: "down" });
    expect((await agent("A", "validate-all")).code).toBe(0);
    expect(sim.region.proxy.log.entries()).toHaveLength(0);
    sim.region.imds.A.setFault({ kind: "none" });
    expect((await agent("A", "validate-all", { OCF_CHECK_LEVEL: "10" })).code).toBe(0);
    const unknown = await agent("A", "validate-all", {
      OCF_CHECK_LEVEL: "10",
      OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0",
    });
    expect(unknown.code).toBe(6);
    expect(unknown.reason).toContain("eipalloc-0123456789abcdef0");
  });

  it.each([
    [{ OCF_RESKEY_allocation_id: "eipalloc-nope" }, 6, "eipalloc-nope"],
    [{ OCF_RESKEY_allocation_id: "", OCF_RESKEY_elastic_ip: "" }, 6, "allocation_id or elastic_ip"],
    [{ OCF_RESKEY_private_ip_address: "10.0.1.300" }, 6, "10.0.1.300"],
    [{ OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0" }, 6, "eipalloc-0123456789abcdef0"],
    [{ OCF_RESKEY_elastic_ip: "198.51.100.200" }, 6, "198.51.100.200"],
    [{ OCF_RESKEY_alocation_id: "eipalloc-0123456789abcdef0" }, 6, "unknown parameter: alocation_id"],
    [{ OCF_RESKEY_CRM_meta_timeout: "soon" }, 2, "soon"],
  ])("monitor with %j exits %i, naming the value", async (extra, code, named) => {
    const run = await agent("A", "monitor", extra);
    expect(run.code).toBe(code);
    expect(run.reason).toContain(named);
    expect(run.stderr.match(/^ocf-exit-reason:/gm)).toHaveLength(1);
  });

  it("an interface that is not there is this node's problem: 2, naming it", async () => {
    const run = await agent("B", "start", { OCF_RESKEY_network_interface_id: "eni-0123456789abcdef0" });
    expect(run.code).toBe(2);
    expect(run.reason).toContain("eni-0123456789abcdef0");
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("network_interface_id names node A's interface: on B, monitor 7, start 2, stop 0, and A keeps it", async () => {
    const onA = { OCF_RESKEY_network_interface_id: sim.region.topology.nodes.A.networkInterfaceId };
    expect((await agent("A", "monitor", onA)).code).toBe(0);
    expect((await agent("B", "monitor", onA)).code).toBe(7);
    const start = await agent("B", "start", onA);
    expect(start.code).toBe(2);
    expect(start.reason).toContain(`${onA.OCF_RESKEY_network_interface_id} is not attached to this instance`);
    expect((await agent("B", "stop", onA)).code).toBe(0);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("the elastic_ip parameter alone works, and an ENI + private IP target holds it", async () => {
    const eip = sim.region.topology.eip.publicIp;
    expect(
      (await agent("B", "start", { OCF_RESKEY_allocation_id: "", OCF_RESKEY_elastic_ip: eip })).code,
    ).toBe(0);
    expect((await agent("B", "monitor", { OCF_RESKEY_private_ip_address: "10.0.1.20" })).code).toBe(0);
  });

  it.each([
    ["UnauthorizedOperation", 403, 4],
    ["AuthFailure", 401, 4],
  ])("%s (HTTP %i) from EC2 exits %i (permission)", async (code, status, exit) => {
    sim.region.proxy.setFaults([{ action: "*", fault: { kind: "error", status, code } }]);
    const run = await agent("A", "monitor");
    expect(run.code).toBe(exit);
    expect(run.reason).toContain(code);
  });

  it("transient errors are retried inside the timeout, then exit 1 before it", async () => {
    sim.region.proxy.setFaults([
      { action: "DescribeAddresses", fault: { kind: "http", status: 503, code: "RequestLimitExceeded" } },
    ]);
    const run = await agent("A", "monitor", { OCF_RESKEY_CRM_meta_timeout: "4000" });
    expect(run.code).toBe(1);
    // The agent stopped on its own budget (the timeout less its margin), not on Pacemaker's timer.
    expect(run.reason).toMatch(
      /^gave up: transient: DescribeAddresses: RequestLimitExceeded for allocation id eipalloc-\w+ \(attempt \d+, no time left for another before the deadline\)$/,
    );
    expect(sim.region.proxy.log.count({ action: "DescribeAddresses" })).toBeGreaterThan(2);
  });

  it("a transient failure that clears is absorbed: start still succeeds", async () => {
    sim.region.proxy.setFaults([
      {
        action: "AssociateAddress",
        calls: [1, 2],
        fault: { kind: "http", status: 500, code: "InternalError" },
      },
    ]);
    expect((await agent("B", "start")).code).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
  });

  it("IMDSv2 only: identity is cached (0600) after the first call, so a monitor makes no IMDS call", async () => {
    sim.region.imds.A.setFault({ kind: "unauthorized" });
    const refused = await agent("A", "monitor");
    expect(refused.code).toBe(1);
    expect(refused.reason).toContain("IMDSv2");
    sim.region.imds.A.setFault({ kind: "none" });
    expect((await agent("A", "monitor")).code).toBe(0);
    const files = await readdir(tmp.A);
    const identity = files.find((f) => f.endsWith(".identity.json"));
    expect(identity).toBeDefined();
    expect(statSync(join(tmp.A, identity!)).mode & 0o777).toBe(0o600);
    const before = sim.region.imds.A.requestCount();
    sim.region.imds.A.setFault({ kind: "down" });
    expect((await agent("A", "monitor")).code).toBe(0);
    expect(sim.region.imds.A.requestCount()).toBe(before);
  });

  it("meta-data, usage and validate-all at level 0 never load the network half, a probe never the SDK half; the code caches are 0600", async () => {
    const caches = async () => (await readdir(tmp.A)).filter((f) => f.endsWith(".v8cache")).sort();
    expect((await agent("A", "meta-data")).code).toBe(0);
    expect((await agent("A", "usage")).code).toBe(0);
    expect((await agent("A", "validate-all")).code).toBe(0);
    expect(await caches()).toEqual([]);
    // A probe asks EC2 without the SDK (agent/eip/addresses-query.ts): the network half's cache only.
    expect((await agent("A", "monitor")).code).toBe(0);
    const name = (f: string) => f.replace(/\.\w+\.v8cache$/, "");
    expect((await caches()).map(name)).toEqual(["eip-failover-eip-run"]);
    // A start associates through the SDK's client: the SDK half's cache too.
    expect((await agent("A", "start")).code).toBe(0);
    const written = await caches();
    expect(written.map(name)).toEqual(["eip-failover-eip-run", "eip-failover-eip-sdk"]);
    for (const cache of written) expect(statSync(join(tmp.A, cache)).mode & 0o777).toBe(0o600);
    expect((await agent("A", "monitor")).code).toBe(0);
    expect(await caches()).toEqual(written);
  });

  it("every action logs one line (what, rc, ms); a failure adds one exit reason with Pacemaker's prefix", async () => {
    const held = await agent("A", "monitor");
    expect(held.stderr).toMatch(/^eip-failover\[vip\] monitor: .* is on this node .*\(rc=0, \d+ ms: .*\)\n$/);
    const failed = await agent("A", "start", {
      OCF_RESKEY_allocation_id: "eipalloc-0123456789abcdef0",
      OCF_EXIT_REASON_PREFIX: "ocf-exit-reason:[vip] ",
    });
    const lines = failed.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^eip-failover\[vip\] start: .*\(rc=6, \d+ ms/);
    expect(lines[1]).toMatch(/^ocf-exit-reason:\[vip\] allocation id not found: eipalloc-0123456789abcdef0/);
  });

  it("usage and help succeed; an unknown action is 3", async () => {
    expect((await agent("A", "usage")).code).toBe(0);
    expect((await agent("A", "help")).stdout).toContain("usage:");
    const unknown = await agent("A", "promote");
    expect(unknown.code).toBe(3);
    expect(unknown.reason).toContain("promote");
  });
});
