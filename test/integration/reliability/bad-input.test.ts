import { readFileSync } from "node:fs";
import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseCluster } from "../../../functions/clusters/schema.ts";
import { instanceStateChange } from "../../../sim/events.ts";
import { rscTmp, runAgent } from "../../support/agent.ts";
import { lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

const corpus = <T>(name: string): T[] =>
  JSON.parse(readFileSync(new URL(`../../fixtures/bad-input/${name}.json`, import.meta.url), "utf8"));
type AgentCase = { name: string; action: string; env: Record<string, string>; code: number; names: string };
type EventCase = { name: string; event: unknown; drop: "malformed" | "ignored" | "no-cluster" };
type ClusterCase = { name: string; doc: unknown; field: string };
const agentCases = corpus<AgentCase>("agent-parameters");
const eventCases = corpus<EventCase>("events");
const clusterCases = corpus<ClusterCase>("clusters");

describe("bad input corpus: a clear error naming the value, the right code or a logged drop, nothing mutated", () => {
  // Every case asserts it mutated nothing, so the cases share the classic topology instead of rebuilding it per
  // case (a reset cost more than most cases); each starts with an empty log. The cluster cases get a fresh world:
  // the event cases leave cluster "web" in SSM, which must not be there beside the bad document.
  const { sim, handler } = useBuiltHandler({ resetEach: false });
  beforeEach(() => sim.region.proxy.log.clear());

  it("has at least 30 cases", () => {
    expect(agentCases.length + eventCases.length + clusterCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(agentCases)("agent: $name → exit $code naming '$names'", async ({ action, env, code, names }) => {
    const run = await runAgent(action, {
      ...sim.region.env("nodeB", "B"),
      HA_RSCTMP: rscTmp(),
      OCF_RESOURCE_INSTANCE: "vip",
      OCF_RESKEY_allocation_id: sim.region.topology.eip.allocationId,
      ...env,
    });
    expect(run.code, run.stderr).toBe(code);
    expect(run.reason).toContain(names);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
  });

  it.each(eventCases)("event: $name → dropped ($drop), nothing mutated", async ({ event, drop }) => {
    const A = sim.region.topology.nodes.A.instanceId;
    await putCluster(sim.region, "web", {
      name: "web",
      addresses: [{ allocationId: sim.region.topology.eip.allocationId }],
      members: [{ instanceId: A }, { instanceId: sim.region.topology.nodes.B.instanceId }],
      fencing: "stop",
      graceSeconds: 0,
    });
    const resolved =
      event === "$HUGE"
        ? // a real envelope, so the check that stops it is the detail's, 1 MB of it
          { ...instanceStateChange({ instanceId: A, state: "stopped" }), detail: "x".repeat(1_000_000) }
        : JSON.parse(JSON.stringify(event).replaceAll("$A", A));
    const report = await handler(resolved, lambdaContext());
    if (drop === "no-cluster") {
      expect(report.trigger).toBe("failure");
      expect(report.addresses).toEqual([]);
    } else {
      expect(report.trigger).toBe(drop);
      expect(report.reason?.length).toBeGreaterThan(5);
    }
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
  });

  describe("cluster documents", () => {
    beforeAll(() => sim.region.reset());

    it.each(clusterCases)(
      "cluster document: $name → reported by field '$field', skipped, nothing mutated",
      async ({ doc, field }) => {
        const text = typeof doc === "string" ? doc : JSON.stringify(doc);
        const parsed = parseCluster("/eip-failover/clusters/bad", text);
        expect("invalid" in parsed && parsed.invalid.field).toBe(field);
        expect("invalid" in parsed && parsed.invalid.why.length).toBeGreaterThan(3);
        await putCluster(sim.region, "bad", text);
        const A = sim.region.topology.nodes.A.instanceId;
        await sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [A] }));
        sim.region.proxy.log.clear();
        const report = await handler(
          instanceStateChange({ instanceId: A, state: "stopped" }),
          lambdaContext(),
        );
        expect(report.invalidClusters).toBe(1);
        expect(report.addresses).toEqual([]);
        expect(sim.region.proxy.log.mutatingCount()).toBe(0);
      },
    );
  });
});
