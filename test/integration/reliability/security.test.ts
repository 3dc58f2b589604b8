import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { instanceStateChange } from "../../../sim/events.ts";
import { rscTmp, runAgent } from "../../support/agent.ts";
import { classicCluster, invokeInOwnProcess, putCluster } from "../../support/controller.ts";
import { useRegion } from "../../support/region.ts";

const CANARY = {
  key: "CANARYsecretKEY0123456789",
  token: "CANARYsessionTOKEN0123456789",
  event: "CANARYeventSECRET0123456789",
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe("security checks", () => {
  const sim = useRegion();

  it("the agent never uses IMDSv1: no tokenless request, even when tokens are refused", async () => {
    const env = {
      ...sim.region.env("nodeA", "A"),
      OCF_RESKEY_allocation_id: sim.region.topology.eip.allocationId,
    };
    expect((await runAgent("monitor", { ...env, HA_RSCTMP: rscTmp() })).code).toBe(0);
    sim.region.imds.A.setFault({ kind: "unauthorized" });
    expect((await runAgent("monitor", { ...env, HA_RSCTMP: rscTmp() })).code).toBe(1);
    expect(sim.region.imds.A.requestCount()).toBeGreaterThan(0);
    expect(sim.region.imds.A.tokenlessRequests()).toBe(0);
  });

  it("with the instance role and no keys, the agent gets its credentials over IMDSv2 only", async () => {
    const a = sim.region.topology.nodes.A;
    const env = roleEnv(sim.region.env("nodeA", "A"), sim.region.topology.eip.allocationId);
    expect((await runAgent("monitor", { ...env, HA_RSCTMP: rscTmp() })).code).toBe(0);
    // Two DescribeAddresses: a probe that finds the address here, where this node changed nothing inside api_lag,
    // reads once more after it (agent/ocf/lag.ts).
    expect(sim.region.proxy.log.count({ client: `role-${a.instanceId}` })).toBe(2);
    expect(sim.region.imds.A.tokenlessRequests()).toBe(0);
  });

  it("when IMDS stops answering, the role lookup fails inside the timeout and never tries IMDSv1", async () => {
    const tmp = rscTmp();
    const env = {
      ...roleEnv(sim.region.env("nodeA", "A"), sim.region.topology.eip.allocationId),
      HA_RSCTMP: tmp,
      OCF_RESKEY_CRM_meta_timeout: "5000",
    };
    expect((await runAgent("monitor", env)).code).toBe(0); // caches the identity
    // IMDS holds the credentials three times longer than the operation's timeout: an agent that waited for
    // them would answer 0; answering 1 "no credentials" shows it gave up on its own deadline (which
    // test/unit/agent/config.test.ts puts inside the timeout), however long the machine took to spawn it.
    sim.region.imds.A.setFault({ kind: "slow", delayMs: 15_000 });
    const slow = await runAgent("monitor", env);
    expect(slow.code).toBe(1);
    expect(slow.reason).toContain("no credentials");
    expect(sim.region.imds.A.tokenlessRequests()).toBe(0);
  });

  it("the agent logs no credential and no IMDS token, and caches no token", async () => {
    const tmp = rscTmp();
    const env = {
      ...sim.region.env("nodeA", "A"),
      AWS_SECRET_ACCESS_KEY: CANARY.key,
      AWS_SESSION_TOKEN: CANARY.token,
      HA_RSCTMP: tmp,
      OCF_RESKEY_allocation_id: sim.region.topology.eip.allocationId,
    };
    const outputs = [
      await runAgent("start", { ...env }),
      await runAgent("monitor", env),
      await runAgent("stop", env),
    ];
    for (const o of outputs) {
      const text = o.stdout + o.stderr;
      expect(text).not.toContain(CANARY.key);
      expect(text).not.toContain(CANARY.token);
      expect(text).not.toMatch(UUID);
    }
    for (const f of readdirSync(tmp).filter((f) => f.endsWith(".json")))
      expect(readFileSync(join(tmp, f), "utf8")).not.toMatch(/token/i);
  });

  it("the Lambda logs no credential and not the full event, even at DEBUG", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await sim.region
      .ec2("console")
      .send(new StopInstancesCommand({ InstanceIds: [sim.region.topology.nodes.A.instanceId] }));
    const event = {
      ...instanceStateChange({ instanceId: sim.region.topology.nodes.A.instanceId, state: "stopped" }),
      secret: CANARY.event,
    };
    const { logs } = await invokeInOwnProcess(sim.region, event, {
      AWS_SECRET_ACCESS_KEY: CANARY.key,
      AWS_SESSION_TOKEN: CANARY.token,
      POWERTOOLS_LOG_LEVEL: "DEBUG",
    });
    expect(logs).toContain("moved the address");
    expect(logs).not.toContain(CANARY.key);
    expect(logs).not.toContain(CANARY.token);
    expect(logs).not.toContain(CANARY.event);
  });
});

/** A node's agent environment with no keys at all, so the SDK's chain ends at the instance role. */
function roleEnv(env: Record<string, string>, allocationId: string): Record<string, string> {
  const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = env;
  return {
    ...rest,
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_CONFIG_FILE: "/nonexistent/config",
    OCF_RESKEY_allocation_id: allocationId,
  };
}
