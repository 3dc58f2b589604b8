import { CreateSubnetCommand, DescribeRouteTablesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { buildRouteTables, overlayDestination } from "../../../sim/route-tables.ts";
import { useMoto } from "../../support/moto.ts";

describe("buildRouteTables: the sim's overlay route tables, scaled by a parameter", () => {
  const sim = useMoto();

  it("builds `count` tables, each with every route, associated with the subnets given", async () => {
    // Prepare: two routes (one per node), three tables, two fresh subnets (a subnet has one route table)
    const { vpcId, nodes } = sim.topology;
    const subnetIds: string[] = [];
    for (const cidr of ["10.0.2.0/24", "10.0.3.0/24"]) {
      const out = await sim.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }));
      subnetIds.push(out.Subnet?.SubnetId ?? "");
    }
    const routes = [
      { destination: overlayDestination(0), networkInterfaceId: nodes.A.networkInterfaceId },
      { destination: overlayDestination(1), networkInterfaceId: nodes.B.networkInterfaceId },
    ];
    // Act
    const ids = await buildRouteTables(sim.ec2, {
      vpcId,
      count: 3,
      name: "storm-routes",
      routes,
      subnetIds,
    });
    // Assess: in order, each table routes both destinations to their interfaces, named and tagged
    const out = await sim.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ids }));
    const tables = ids.map((id) => out.RouteTables?.find((t) => t.RouteTableId === id));
    expect(new Set(ids).size).toBe(3);
    for (const [k, table] of tables.entries()) {
      const overlay = (table?.Routes ?? [])
        .filter((r) => r.DestinationCidrBlock?.startsWith("192.168."))
        .map((r) => [r.DestinationCidrBlock, r.NetworkInterfaceId]);
      expect(overlay).toEqual([
        ["192.168.1.1/32", nodes.A.networkInterfaceId],
        ["192.168.1.2/32", nodes.B.networkInterfaceId],
      ]);
      expect(table?.Tags?.find((t) => t.Key === "Name")?.Value).toBe(`storm-routes-${k + 1}`);
    }
    expect(tables.map((t) => t?.Associations?.map((a) => a.SubnetId) ?? [])).toEqual([
      [subnetIds[0]],
      [subnetIds[1]],
      [],
    ]);
  });

  it.each([0, 201])("refuses %i tables, naming the count and the valid range", async (count) => {
    const error = await buildRouteTables(sim.ec2, {
      vpcId: sim.topology.vpcId,
      count,
      name: "x",
      routes: [],
    }).catch((e: unknown) => e);
    expect(String(error)).toContain(`route table count out of range: ${count} (expected 1 to 200)`);
  });
});
