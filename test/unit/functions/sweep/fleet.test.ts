import { describe, expect, it } from "vitest";
import { routesOf, transitionTime } from "../../../../functions/sweep/fleet.ts";
import { ENI_A, ENI_B, OVERLAY, T1, to } from "../../../support/routes.ts";

describe("transitionTime: EC2's StateTransitionReason as a time", () => {
  it.each([
    ["User initiated (2026-11-30 04:24:27 GMT)", Date.parse("2026-11-30T04:24:27Z")],
    ["User initiated (2026-11-30 04:24:27 UTC)", Date.parse("2026-11-30T04:24:27Z")],
    ["", undefined],
    [undefined, undefined],
    ["Server.InternalError", undefined],
  ])("%s → %s", (reason, expected) => {
    expect(transitionTime(reason)).toBe(expected);
  });
});

describe("routesOf: one DescribeRouteTables table as destination → where it points", () => {
  it("keys each host route (/32, /128: what a cluster may list) by its canonical destination; others are dropped", () => {
    // Act
    const routes = routesOf({
      RouteTableId: T1,
      Routes: [
        { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
        { DestinationCidrBlock: OVERLAY, NetworkInterfaceId: ENI_A, State: "blackhole" },
        { DestinationIpv6CidrBlock: "FD00:EC2::10/128", NetworkInterfaceId: ENI_B, State: "active" },
        { DestinationPrefixListId: "pl-0123456789abcdef0", GatewayId: "igw-0123456789abcdef0" },
      ],
    });
    // Assess
    expect([...routes]).toEqual([
      [OVERLAY, to(ENI_A, true)],
      ["fd00:ec2::10/128", to(ENI_B)],
    ]);
  });

  it("a table with no routes routes nothing", () => {
    expect(routesOf({ RouteTableId: T1 }).size).toBe(0);
  });
});
