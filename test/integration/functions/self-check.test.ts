import { describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { deadlineIn, observeMembers, observeRoutes } from "../../../core/index.ts";
import type { SelfCheckReport } from "../../../functions/self-check/self-check.ts";
import {
  CONFIG_PREFIX,
  classicCluster,
  lambdaContext,
  putCluster,
  useBuiltHandler,
} from "../../support/controller.ts";

const SELF_CHECK = { "eip-failover": "self-check", cluster: "web" };

/** IAM denying the Lambda's role ReplaceRoute, as its DryRun shows it. */
const REPLACE_ROUTE_DENIED = {
  action: "ReplaceRoute",
  client: "lambda",
  dryRun: true,
  fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
} as const;

describe("the built Lambda handler's self-check against the sim (which answers an allowed DryRun DryRunOperation, as EC2 does)", () => {
  const { sim, handler } = useBuiltHandler();
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
    expect(await holderOf(sim.region.truth, eip.allocationId)).toBe(nodes.A.instanceId);
    const health = await observeMembers(sim.region.truth, [nodes.A.instanceId, nodes.B.instanceId], {
      deadline: deadlineIn(30_000),
    });
    expect(health.map((h) => h.state)).toEqual(["running", "running"]);
  });

  it("fencing 'reboot': a DryRun StartInstances of each member after its DryRun stop; nothing changed", async () => {
    const { nodes } = sim.region.topology;
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "reboot" }));
    const report = await selfCheck();
    expect(
      report.checks
        .filter((c) => c.action.endsWith("Instances"))
        .map((c) => [c.action, c.resource, c.allowed, c.code]),
    ).toEqual([
      ["ec2:StopInstances", nodes.A.instanceId, true, "DryRunOperation"],
      ["ec2:StartInstances", nodes.A.instanceId, true, "DryRunOperation"],
      ["ec2:StopInstances", nodes.B.instanceId, true, "DryRunOperation"],
      ["ec2:StartInstances", nodes.B.instanceId, true, "DryRunOperation"],
    ]);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
  });

  describe("a cluster with the overlay route in both subnets' tables", () => {
    const withRoutes = () => {
      const { nodes, overlay } = sim.region.topology;
      return classicCluster(sim.region, {
        routes: [{ destination: overlay.destination, routeTableIds: [...overlay.routeTableIds] }],
        members: [nodes.A, nodes.B].map((n) => ({
          instanceId: n.instanceId,
          networkInterfaceId: n.networkInterfaceId,
        })),
      });
    };
    /** Where each overlay table points now, read as client "test". */
    const routedTo = async () => {
      const { overlay } = sim.region.topology;
      const seen = await observeRoutes(sim.region.truth, overlay, { deadline: deadlineIn(30_000) });
      return seen.tables.map((t) => t.route?.networkInterfaceId);
    };
    const routeItems = (report: SelfCheckReport) =>
      report.checks
        .filter((c) => c.action.endsWith("Route") || c.action.endsWith("RouteTables"))
        .map((c) => [c.action, c.resource, c.allowed, c.code, c.reason]);

    it("each table gets a DryRun ReplaceRoute to what is there now (A's interface); no mutating call landed", async () => {
      // Prepare
      const { nodes, overlay } = sim.region.topology;
      const [t1 = "", t2 = ""] = overlay.routeTableIds;
      await putCluster(sim.region, "web", withRoutes());
      // Act
      const report = await selfCheck();
      // Assess
      expect(report.error).toBeUndefined();
      expect(routeItems(report)).toEqual([
        ["ec2:DescribeRouteTables", `${t1},${t2}`, true, "Success", undefined],
        ["ec2:ReplaceRoute", t1, true, "DryRunOperation", undefined],
        ["ec2:ReplaceRoute", t2, true, "DryRunOperation", undefined],
      ]);
      expect(report.checks.every((c) => c.allowed)).toBe(true);
      expect(calls().filter(([action]) => action === "ReplaceRoute")).toEqual([
        ["ReplaceRoute", true],
        ["ReplaceRoute", true],
      ]);
      expect(sim.region.proxy.log.mutatingCount()).toBe(0);
      expect(await routedTo()).toEqual([nodes.A.networkInterfaceId, nodes.A.networkInterfaceId]);
    });

    it("ReplaceRoute denied to the Lambda's role: one item per table, naming the IAM action and the table", async () => {
      const [t1 = "", t2 = ""] = sim.region.topology.overlay.routeTableIds;
      await putCluster(sim.region, "web", withRoutes());
      sim.region.proxy.setFaults([REPLACE_ROUTE_DENIED]);
      const report = await selfCheck();
      expect(
        report.checks.filter((c) => !c.allowed).map((c) => [c.action, c.resource, c.code, c.reason]),
      ).toEqual([
        ["ec2:ReplaceRoute", t1, "UnauthorizedOperation", "permission"],
        ["ec2:ReplaceRoute", t2, "UnauthorizedOperation", "permission"],
      ]);
      expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    });
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
