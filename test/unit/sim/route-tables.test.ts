import { describe, expect, it } from "vitest";
import { hostRoute } from "../../../core/index.ts";
import { createRouteInput, MAX_OVERLAY_DESTINATIONS, overlayDestination } from "../../../sim/route-tables.ts";

describe("overlayDestination: a fleet's overlay host routes", () => {
  it.each([
    [0, "192.168.1.1/32"],
    [253, "192.168.1.254/32"],
    [254, "192.168.2.1/32"],
    [MAX_OVERLAY_DESTINATIONS - 1, "192.168.255.254/32"],
  ])("index %i is %s", (index, destination) => {
    expect(overlayDestination(index)).toBe(destination);
  });

  it("hands out distinct canonical host routes", () => {
    // Act
    const all = Array.from({ length: 2000 }, (_, i) => overlayDestination(i));
    // Assess: no repeats, each one core accepts as it is
    expect(new Set(all).size).toBe(all.length);
    for (const d of all) expect(hostRoute(d)).toBe(d);
  });

  it.each([-1, 1.5, MAX_OVERLAY_DESTINATIONS])("refuses index %s, naming it and the valid range", (index) => {
    expect(() => overlayDestination(index)).toThrow(
      new RegExp(`overlay destination index out of range: ${index} \\(expected a whole number from 0 to`),
    );
  });
});

describe("createRouteInput", () => {
  it("puts an IPv4 /32 and an IPv6 /128 in their own fields", () => {
    const eni = "eni-0123456789abcdef0";
    expect(createRouteInput("rtb-1", { destination: "192.168.1.1/32", networkInterfaceId: eni })).toEqual({
      RouteTableId: "rtb-1",
      NetworkInterfaceId: eni,
      DestinationCidrBlock: "192.168.1.1/32",
    });
    expect(createRouteInput("rtb-1", { destination: "fd00:ec2::10/128", networkInterfaceId: eni })).toEqual({
      RouteTableId: "rtb-1",
      NetworkInterfaceId: eni,
      DestinationIpv6CidrBlock: "fd00:ec2::10/128",
    });
  });
});
