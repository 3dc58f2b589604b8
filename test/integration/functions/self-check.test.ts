import { beforeAll, describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { deadlineIn, observeMembers } from "../../../core/index.ts";
import type { SelfCheckReport } from "../../../functions/self-check.ts";
import {
  CONFIG_PREFIX,
  classicCluster,
  type Handler,
  importBuiltHandler,
  lambdaContext,
  putCluster,
} from "../../support/controller.ts";
import { useRegion } from "../../support/region.ts";

const SELF_CHECK = { "eip-failover": "self-check", cluster: "web" };

describe("the built Lambda handler's self-check against the sim (moto answers every DryRun DryRunOperation)", () => {
  const sim = useRegion();
  let handler: Handler;
  beforeAll(async () => {
    handler = await importBuiltHandler(sim.region);
  });
  const selfCheck = async (event: unknown = SELF_CHECK) =>
    (await handler(event, lambdaContext())) as unknown as SelfCheckReport;
  /** The Lambda's calls, as [action, DryRun]. */
  const calls = () =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda")
      .map((e) => [e.action, e.dryRun ?? false]);

  it("a correct setup: every check allowed; every move and stop was a DryRun, and nothing changed", async () => {
    // Prepare
    const { nodes, eip } = sim.region.topology;
    await putCluster(sim.region, "web", classicCluster(sim.region));
    // Act
    const report = await selfCheck();
    // Assess
    expect(report.error).toBeUndefined();
    expect(report.checks.map((c) => [c.action, c.resource, c.allowed, c.code])).toEqual([
      ["ssm:GetParametersByPath", CONFIG_PREFIX, true, "Success"],
      ["ec2:DescribeInstanceStatus", `${nodes.A.instanceId},${nodes.B.instanceId}`, true, "Success"],
      ["ec2:DescribeAddresses", eip.allocationId, true, "Success"],
      ["ec2:AssociateAddress", eip.allocationId, true, "DryRunOperation"],
      ["ec2:DisassociateAddress", eip.allocationId, true, "DryRunOperation"],
      ["ec2:StopInstances", nodes.A.instanceId, true, "DryRunOperation"],
      ["ec2:StopInstances", nodes.B.instanceId, true, "DryRunOperation"],
    ]);
    expect(calls()).toEqual([
      ["GetParametersByPath", false],
      ["DescribeInstanceStatus", false],
      ["DescribeAddresses", false],
      ["AssociateAddress", true],
      ["DisassociateAddress", true],
      ["StopInstances", true],
      ["StopInstances", true],
    ]);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    expect(await holderOf(sim.region.ec2("test"), eip.allocationId)).toBe(nodes.A.instanceId);
    const health = await observeMembers(sim.region.ec2("test"), [nodes.A.instanceId, nodes.B.instanceId], {
      deadline: deadlineIn(30_000),
    });
    expect(health.map((h) => h.state)).toEqual(["running", "running"]);
  });

  it.each(["AssociateAddress", "DisassociateAddress", "StopInstances"])(
    "%s denied to the Lambda's role (the proxy answers its DryRun UnauthorizedOperation): that item, not allowed",
    async (action) => {
      // Prepare
      await putCluster(sim.region, "web", classicCluster(sim.region));
      sim.region.proxy.setFaults([
        {
          action,
          client: "lambda",
          dryRun: true,
          fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
        },
      ]);
      // Act
      const report = await selfCheck();
      // Assess
      const refused = report.checks.filter((c) => !c.allowed);
      expect(refused.map((c) => [c.action, c.code, c.reason])).toEqual(
        Array.from({ length: action === "StopInstances" ? 2 : 1 }, () => [
          `ec2:${action}`,
          "UnauthorizedOperation",
          "permission",
        ]),
      );
      expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    },
  );

  it("an unknown cluster: a clear error naming the value and the known clusters", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await putCluster(sim.region, "db", classicCluster(sim.region, { name: "db" }));
    const report = await selfCheck({ "eip-failover": "self-check", cluster: "wbe" });
    expect(report.error).toBe("unknown cluster: 'wbe' (known: db, web)");
    expect(calls()).toEqual([["GetParametersByPath", false]]);
  });

  it("the shape with EventBridge's keys added is not a self-check: the failover drops it as malformed", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    const report = await handler({ ...SELF_CHECK, source: "aws.ec2", "detail-type": "x" }, lambdaContext());
    expect(report).toMatchObject({ trigger: "malformed", addresses: [] });
    expect(calls()).toEqual([]);
  });
});
