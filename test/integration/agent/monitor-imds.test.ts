import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { NodeName } from "../../../sim/constants.ts";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

// The recurring monitor reads IMDSv2 first and asks EC2 only on doubt; the sim's IMDS serves each node's
// Elastic IPs from moto, with a lag the tests set (an hour: nothing shows until the test says the lag passed).
// EC2's own read lag is on (the sim's default); where a test is about IMDS alone, it lets EC2's lag pass first
// (settle). lagging-reads.test.ts is about EC2's lag.
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
const AN_HOUR = 3_600_000;

describe("recurring monitor from IMDSv2, against the sim", () => {
  const sim = useRegion();
  const { agent, tmp } = useNodeAgent(sim);
  /** IMDS on `node` lags an hour behind from now on: it shows what it shows now until the test catches it up. */
  async function freeze(node: NodeName) {
    sim.region.imds[node].setAssociationLag(AN_HOUR);
    await sim.region.imds[node].catchUpAssociations();
  }
  /** A holds the address and has probed (it knows the public IP); IMDS on A freezes; then B takes it. */
  async function movedWhileFrozen() {
    await freeze("A");
    expect((await agent("A", "monitor")).code).toBe(0);
    expect((await agent("B", "start")).code).toBe(0);
  }
  const ec2Calls = () => sim.region.proxy.log.byAction();

  it("a holder's recurring monitors make no EC2 call; the probe before them makes two", async () => {
    // Prepare: the probe Pacemaker runs first (it asks EC2, and the agent remembers the public IP); A never
    // started it, so nothing on A backs the 'here' it reads: it reads once more after api_lag
    expect((await agent("A", "monitor")).code).toBe(0);
    expect(ec2Calls()).toEqual({ DescribeAddresses: 2 });
    sim.region.proxy.log.clear();
    // Act
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await agent("A", "monitor", RECURRING)).code);
    // Assess
    expect(codes).toEqual([0, 0, 0, 0, 0]);
    expect(ec2Calls()).toEqual({});
  });

  it("neither a probe nor a holder's recurring monitor loads the SDK half (the build evaluates it on the first SDK call)", async () => {
    const sdkCaches = () => readdirSync(tmp.A).filter((f) => /^eip-failover-eip-sdk\..*\.v8cache$/.test(f));
    // Act: the probe asks EC2 without the SDK (agent/eip/addresses-query.ts)
    expect((await agent("A", "monitor")).code).toBe(0);
    expect(ec2Calls()).toMatchObject({ DescribeAddresses: expect.any(Number) });
    expect(sdkCaches()).toEqual([]);
    // Prepare: a start calls the SDK's client, so the SDK half is loaded, and its V8 code cache written at exit
    expect((await agent("A", "start")).code).toBe(0);
    expect(sdkCaches()).toHaveLength(1);
    for (const f of sdkCaches()) rmSync(join(tmp.A, f));
    // Act: a half that is loaded and finds no cache writes one
    expect((await agent("A", "monitor", RECURRING)).code).toBe(0);
    // Assess
    expect(sdkCaches()).toEqual([]);
  });

  it("just after start, IMDS does not yet show the address: the monitor confirms with EC2 and answers 0", async () => {
    // Prepare
    await freeze("B");
    expect((await agent("B", "start")).code).toBe(0);
    sim.region.proxy.settle();
    sim.region.proxy.log.clear();
    // Act
    const run = await agent("B", "monitor", RECURRING);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `asked EC2: IMDSv2 does not show ${sim.region.topology.eip.publicIp} here (rc=0`,
    );
    expect(ec2Calls()).toEqual({ DescribeAddresses: 1 });
  });

  it("just after the address moves away, IMDS still shows it for one monitor; the next sees the truth", async () => {
    // Prepare
    await movedWhileFrozen();
    sim.region.proxy.log.clear();
    // Act / Assess: IMDS lags, so A still sees it, without asking EC2
    expect((await agent("A", "monitor", RECURRING)).code).toBe(0);
    expect(ec2Calls()).toEqual({});
    // Act / Assess: the lag has passed; IMDS no longer shows it, EC2 confirms it is on B
    await sim.region.imds.A.catchUpAssociations();
    sim.region.proxy.settle();
    const next = await agent("A", "monitor", RECURRING);
    expect(next.code).toBe(7);
    expect(next.stderr).toContain(`is on instance ${sim.region.topology.nodes.B.instanceId}`);
    expect(ec2Calls()).toEqual({ DescribeAddresses: 1 });
  });

  it("a probe asks EC2 even while IMDS lags: a stale 'held' never reaches Pacemaker's probe", async () => {
    await movedWhileFrozen();
    expect((await agent("A", "monitor", { OCF_RESKEY_CRM_meta_interval: "0" })).code).toBe(7);
  });

  it("monapi: every recurring monitor asks EC2", async () => {
    expect((await agent("A", "monitor")).code).toBe(0);
    sim.region.proxy.log.clear();
    expect((await agent("A", "monitor", { ...RECURRING, OCF_RESKEY_monapi: "true" })).code).toBe(0);
    expect(ec2Calls()).toEqual({ DescribeAddresses: 1 });
  });
});
