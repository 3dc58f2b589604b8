import type { Route } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { describeHop, planRouteClaim, type RouteSnapshot } from "../../../core/index.ts";
import { toRouteHop } from "../../../core/route-snapshot.ts";

// How one DescribeRouteTables entry becomes a hop (pure), and the plan when the observation lacks a table.
const D = "192.168.100.10/32";
const RTB = "rtb-0000000000000000a";
const ENI = "eni-0000000000000000a";

describe("toRouteHop: where one route entry points", () => {
  it.each([
    ["GatewayId", "igw-0123456789abcdef0"],
    ["NatGatewayId", "nat-0123456789abcdef0"],
    ["TransitGatewayId", "tgw-0123456789abcdef0"],
    ["VpcPeeringConnectionId", "pcx-0123456789abcdef0"],
    ["EgressOnlyInternetGatewayId", "eigw-0123456789abcdef0"],
    ["LocalGatewayId", "lgw-0123456789abcdef0"],
    ["CarrierGatewayId", "cagw-0123456789abcdef0"],
    ["CoreNetworkArn", "arn:aws:networkmanager::1:core-network/core-network-0"],
  ])("a route to %s alone: other is %s", (field, value) => {
    expect(toRouteHop({ [field]: value, State: "active" } as Route)).toStrictEqual({
      other: value,
      blackhole: false,
    });
  });

  it("the first gateway kind wins when EC2 names two; empty strings count as absent", () => {
    expect(toRouteHop({ GatewayId: "igw-1", NatGatewayId: "nat-2" }).other).toBe("igw-1");
    expect(toRouteHop({ GatewayId: "", NatGatewayId: "nat-2" }).other).toBe("nat-2");
  });

  it("an interface and its instance, and a blackhole", () => {
    expect(
      toRouteHop({ NetworkInterfaceId: ENI, InstanceId: "i-0123456789abcdef0", State: "blackhole" }),
    ).toStrictEqual({
      networkInterfaceId: ENI,
      instanceId: "i-0123456789abcdef0",
      blackhole: true,
    });
    expect(toRouteHop({ NetworkInterfaceId: ENI })).toStrictEqual({
      networkInterfaceId: ENI,
      blackhole: false,
    });
  });
});

describe("describeHop: the words for a hop", () => {
  it.each([
    [{ instanceId: "i-0123456789abcdef0", blackhole: false }, "instance i-0123456789abcdef0"],
    [{ blackhole: false }, "nothing"],
    [{ blackhole: true }, "nothing (blackhole)"],
  ])("%j is '%s'", (hop, text) => {
    expect(describeHop(hop)).toBe(text);
  });
});

describe("planRouteClaim when the observation does not list a table", () => {
  const current = (route?: { networkInterfaceId: string; blackhole: boolean }): RouteSnapshot => ({
    destination: D,
    tables: [{ routeTableId: RTB, ...(route ? { route } : {}) }],
  });
  const none: RouteSnapshot = { destination: D, tables: [] };

  it("a route there now is a conflict (it was not seen missing)", () => {
    const plan = planRouteClaim(
      current({ networkInterfaceId: "eni-0000000000000000c", blackhole: false }),
      ENI,
      none,
    );
    expect(plan.conflicts).toStrictEqual([
      { routeTableId: RTB, current: { networkInterfaceId: "eni-0000000000000000c", blackhole: false } },
    ]);
    expect(plan.steps).toEqual([]);
  });

  it("no route there now either: created", () => {
    const plan = planRouteClaim(current(), ENI, none);
    expect(plan.steps).toEqual([
      { action: "CreateRoute", routeTableId: RTB, destination: D, networkInterfaceId: ENI },
    ]);
  });
});
