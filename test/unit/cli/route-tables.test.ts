import type { RouteTable } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { listedTable } from "../../../cli/route-tables.ts";

const RTB = "rtb-0123456789abcdef0";
const ENI = "eni-0aaaaaaaaaaaaaaaa";

/** A table as DescribeRouteTables answers it: the local route, the overlay, one subnet, one dropped association. */
const TABLES: RouteTable[] = [
  {
    RouteTableId: RTB,
    VpcId: "vpc-0123456789abcdef0",
    Associations: [
      { SubnetId: "subnet-0aaaaaaaaaaaaaaaa", AssociationState: { State: "associated" } },
      { SubnetId: "subnet-0bbbbbbbbbbbbbbbb", AssociationState: { State: "disassociated" } },
    ],
    Routes: [
      { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
      { DestinationCidrBlock: "192.168.100.10/32", NetworkInterfaceId: ENI, State: "active" },
      { DestinationIpv6CidrBlock: "fd00:ec2::10/128", NetworkInterfaceId: ENI, State: "blackhole" },
    ],
  },
  { RouteTableId: "rtb-0fedcba9876543210", VpcId: "vpc-0123456789abcdef0", Associations: [{ Main: true }] },
];

describe("listedTable (pure)", () => {
  it("finds the destination's route among the table's, and only the subnets still associated", () => {
    expect(listedTable(TABLES, RTB, "192.168.100.10/32")).toEqual({
      routeTableId: RTB,
      exists: true,
      vpcId: "vpc-0123456789abcdef0",
      main: false,
      subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
      route: { networkInterfaceId: ENI, blackhole: false },
    });
  });

  it("an IPv6 blackhole, no route for another destination, the main table, a table EC2 does not know", () => {
    expect(listedTable(TABLES, RTB, "fd00:ec2::10/128").route).toEqual({
      networkInterfaceId: ENI,
      blackhole: true,
    });
    expect(listedTable(TABLES, RTB, "192.168.100.11/32").route).toBeUndefined();
    expect(listedTable(TABLES, "rtb-0fedcba9876543210", "192.168.100.10/32")).toMatchObject({
      main: true,
      subnetIds: [],
    });
    expect(listedTable(TABLES, "rtb-0aaaaaaaaaaaaaaaa", "192.168.100.10/32")).toEqual({
      routeTableId: "rtb-0aaaaaaaaaaaaaaaa",
      exists: false,
      main: false,
      subnetIds: [],
    });
  });
});
