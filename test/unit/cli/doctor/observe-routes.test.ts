import { describe, expect, it } from "vitest";
import { cidrsOf, interfaceOf } from "../../../../cli/doctor/observe-routes.ts";

describe("cidrsOf (pure)", () => {
  it("every IPv4 and IPv6 CIDR the VPC still has, primary once, none EC2 dropped or failed to add", () => {
    expect(
      cidrsOf({
        CidrBlock: "10.0.0.0/16",
        CidrBlockAssociationSet: [
          { CidrBlock: "10.0.0.0/16", CidrBlockState: { State: "associated" } },
          { CidrBlock: "100.64.0.0/16", CidrBlockState: { State: "associating" } },
          { CidrBlock: "10.9.0.0/16", CidrBlockState: { State: "disassociated" } },
          { CidrBlock: "10.8.0.0/16", CidrBlockState: { State: "failed" } },
        ],
        Ipv6CidrBlockAssociationSet: [
          { Ipv6CidrBlock: "2600:1f18:abcd:1200::/56", Ipv6CidrBlockState: { State: "associated" } },
          { Ipv6CidrBlock: "2600:1f18:abcd:9900::/56", Ipv6CidrBlockState: { State: "disassociated" } },
        ],
      }),
    ).toEqual(["10.0.0.0/16", "100.64.0.0/16", "2600:1f18:abcd:1200::/56"]);
  });
});

describe("interfaceOf (pure)", () => {
  const ENI = "eni-0aaaaaaaaaaaaaaaa";
  it("its attachment and source/destination check; exists false when EC2 did not describe it", () => {
    const enis = [
      { NetworkInterfaceId: ENI, SourceDestCheck: false, Attachment: { InstanceId: "i-0aaaaaaaaaaaaaaaa" } },
    ];
    expect(interfaceOf(enis, ENI)).toEqual({
      networkInterfaceId: ENI,
      exists: true,
      attachedTo: "i-0aaaaaaaaaaaaaaaa",
      sourceDestCheck: false,
    });
    expect(interfaceOf([{ NetworkInterfaceId: ENI }], ENI)).toEqual({
      networkInterfaceId: ENI,
      exists: true,
    });
    expect(interfaceOf(enis, "eni-0bbbbbbbbbbbbbbbb")).toEqual({
      networkInterfaceId: "eni-0bbbbbbbbbbbbbbbb",
      exists: false,
    });
  });
});
