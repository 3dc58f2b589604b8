import {
  AssociateAddressCommand,
  CreateNetworkInterfaceCommand,
  ReplaceRouteCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { beforeEach, describe, expect, it } from "vitest";
import { deployClassic } from "../../../../cli/embedded.ts";
import { UsageError } from "../../../../cli/errors.ts";
import { putCluster } from "../../../../cli/harness/index.ts";
import { embeddedSession } from "../../../../cli/session.ts";
import { STATUS_CLIENT, statusExit, statusOf } from "../../../../cli/status/command.ts";
import type { StatusReport } from "../../../../cli/status/types.ts";
import { launchNode } from "../../../../sim/topology.ts";
import { useRegion } from "../../../support/region.ts";
import { jsonOf, runCli } from "../run-cli.ts";

describe("eip-failover status against the sim (the drill's topology)", () => {
  const sim = useRegion();
  beforeEach(async () => {
    await deployClassic(sim.region);
  });
  const session = () => embeddedSession(sim.region, STATUS_CLIENT);

  it("the classic pair: the EIP and the overlay on nodeA (ENI, IP, AZ; both tables), nodeB the standby, each member's alarm, no drift, exit 0, in 7 read-only calls", async () => {
    // Prepare
    const { nodes, eip, overlay } = sim.region.topology;
    const toA = (routeTableId: string | undefined) => ({
      routeTableId,
      pointsAt: "member",
      instanceId: nodes.A.instanceId,
      networkInterfaceId: nodes.A.networkInterfaceId,
    });
    // Act
    const report = await statusOf(await session(), { cluster: undefined });
    // Assess
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0]).toMatchObject({
      name: "web",
      addresses: [
        {
          allocationId: eip.allocationId,
          publicIp: eip.publicIp,
          instanceId: nodes.A.instanceId,
          networkInterfaceId: nodes.A.networkInterfaceId,
          privateIpAddress: "10.0.0.20",
          availabilityZone: "ap-northeast-1a",
          heldBy: "member",
          standby: nodes.B.instanceId,
        },
      ],
      routes: [
        {
          destination: "192.168.100.10/32",
          tables: overlay.routeTableIds.map(toA),
          holder: nodes.A.instanceId,
          standby: nodes.B.instanceId,
        },
      ],
      members: [
        {
          instanceId: nodes.A.instanceId,
          state: "running",
          checks: "ok",
          holds: [eip.publicIp, "192.168.100.10/32"],
          alarm: true,
        },
        { instanceId: nodes.B.instanceId, state: "running", checks: "ok", holds: [], alarm: true },
      ],
      warnings: [],
    });
    expect(statusExit(report)).toBe(0);
    const calls = sim.region.proxy.log.entries().filter((e) => e.client === STATUS_CLIENT);
    expect(calls.map((e) => e.action).sort()).toEqual([
      "DescribeAddresses",
      "DescribeAlarms",
      "DescribeInstanceStatus",
      "DescribeRouteTables",
      "DescribeStacks",
      "GetParametersByPath",
      "ListStackResources",
    ]);
    expect(calls.some((e) => e.mutating)).toBe(false);
  });

  it("nodeB stopped: no healthy standby, for the address and for the overlay route, is drift, exit 1", async () => {
    // Prepare (on the truth: status reports a state it finds, not a change it watches lag)
    const { nodes } = sim.region.topology;
    await sim.region.truth.send(new StopInstancesCommand({ InstanceIds: [nodes.B.instanceId] }));
    // Act
    const report = await statusOf(await session(), { cluster: "web" });
    // Assess
    expect(report.clusters[0]?.members[1]).toMatchObject({ state: "stopped", checks: "-" });
    expect(report.clusters[0]?.warnings).toEqual([
      expect.stringMatching(/^address .* has no healthy standby/),
      "route 192.168.100.10/32 has no healthy standby: if its holder failed now, nothing could take it",
    ]);
    expect(statusExit(report)).toBe(1);
  });

  it("the EIP on an instance outside the cluster is drift naming that instance", async () => {
    // Prepare (on the truth, as above)
    const { nodes, eip } = sim.region.topology;
    const admin = sim.region.truth;
    const stranger = await launchNode(admin, {
      name: "stranger",
      subnetId: nodes.A.subnetId,
      privateIp: "10.0.0.99",
    });
    await admin.send(
      new AssociateAddressCommand({
        AllocationId: eip.allocationId,
        InstanceId: stranger.instanceId,
        AllowReassociation: true,
      }),
    );
    // Act
    const report = await statusOf(await session(), { cluster: undefined });
    // Assess
    expect(report.clusters[0]?.addresses[0]).toMatchObject({
      heldBy: "non-member",
      instanceId: stranger.instanceId,
    });
    expect(report.clusters[0]?.warnings).toContain(
      `address ${eip.publicIp} (${eip.allocationId}) is held by ${stranger.instanceId}, which is not a member of the cluster`,
    );
  });

  it("the overlay's route in B's table sent to a non-member's interface: that table shows it, and it is drift", async () => {
    // Prepare (on the truth, as above)
    const { nodes, overlay } = sim.region.topology;
    const admin = sim.region.truth;
    const { NetworkInterface: spare } = await admin.send(
      new CreateNetworkInterfaceCommand({ SubnetId: nodes.B.subnetId }),
    );
    const to = { NetworkInterfaceId: spare?.NetworkInterfaceId };
    const rtbB = overlay.routeTableIds[1];
    await admin.send(
      new ReplaceRouteCommand({ RouteTableId: rtbB, DestinationCidrBlock: "192.168.100.10/32", ...to }),
    );
    // Act
    const report = await statusOf(await session(), { cluster: "web" });
    // Assess
    expect(report.clusters[0]?.routes[0]?.tables[1]).toMatchObject({
      routeTableId: rtbB,
      pointsAt: "non-member",
      networkInterfaceId: spare?.NetworkInterfaceId,
    });
    expect(report.clusters[0]?.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^route table ${rtbB} sends 192\\.168\\.100\\.10/32 to network interface ${spare?.NetworkInterfaceId}.*, which is not a member's interface$`,
        ),
      ),
    ]);
    expect(statusExit(report)).toBe(1);
  });

  it("an invalid document is reported (exit 1); --cluster for a cluster that is not there is a usage error naming those that are", async () => {
    // Prepare
    await putCluster(sim.region.ssm("setup"), "db", { name: "db", members: [] });
    // Act
    const report = await statusOf(await session(), { cluster: undefined });
    // Assess
    expect(report.invalid).toEqual([
      // addresses and routes default to [] (issue 17), so the first thing wrong is the members
      { parameter: "/eip-failover/clusters/db", field: "members", why: expect.any(String) },
    ]);
    expect(statusExit(report)).toBe(1);
    await expect(statusOf(await session(), { cluster: "mail" })).rejects.toThrow(
      new UsageError("--cluster 'mail' is not a cluster here (clusters: web)"),
    );
  });
});

describe("npx eip-failover status --embedded --json (the command, its own embedded region)", () => {
  it("parses, says it looked at the embedded region, shows the drill's cluster without drift, and exits 0", async () => {
    // Act
    const run = await runCli(["status", "--embedded", "--json"]);
    // Assess
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf<StatusReport & { source: unknown }>(run);
    expect(report?.source).toEqual({ kind: "embedded" });
    expect(report?.clusters.map((c) => [c.name, c.warnings.length])).toEqual([["web", 0]]);
    expect(report?.clusters[0]?.addresses[0]?.standby).toMatch(/^i-[0-9a-f]+$/);
    expect(report?.clusters[0]?.routes[0]?.tables.map((t) => t.pointsAt)).toEqual(["member", "member"]);
  });
});
