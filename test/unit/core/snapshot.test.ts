import { describe, expect, it } from "vitest";
import { describeHolder, describeTarget, holds, toSnapshot } from "../../../core/snapshot.ts";
import type { AddressSnapshot } from "../../../core/types.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const IP = "203.0.113.10";
const held = (association: AddressSnapshot["association"]): AddressSnapshot => ({
  allocationId: ALLOC,
  publicIp: IP,
  domain: "vpc",
  association,
});

describe("toSnapshot: one DescribeAddresses entry as the domain's plain data", () => {
  it.each([
    [{ PublicIp: IP }, undefined],
    [{ AllocationId: ALLOC }, undefined],
    [{ AllocationId: ALLOC, PublicIp: "" }, undefined],
    [{ AllocationId: "", PublicIp: IP }, undefined],
    [
      { AllocationId: ALLOC, PublicIp: IP, Domain: "standard" },
      { allocationId: ALLOC, publicIp: IP, domain: "standard" },
    ],
    [
      { AllocationId: ALLOC, PublicIp: IP },
      { allocationId: ALLOC, publicIp: IP, domain: "vpc" },
    ],
    [
      {
        AllocationId: ALLOC,
        PublicIp: IP,
        Domain: "vpc",
        AssociationId: "eipassoc-1",
        PrivateIpAddress: "10.0.0.20",
        NetworkInterfaceId: "",
      },
      {
        allocationId: ALLOC,
        publicIp: IP,
        domain: "vpc",
        association: { associationId: "eipassoc-1", privateIpAddress: "10.0.0.20" },
      },
    ],
  ] as const)("%j → %j", (entry, snapshot) => {
    expect(toSnapshot(entry)).toEqual(snapshot);
  });

  it("leaves absent fields out rather than undefined", () => {
    const snapshot = toSnapshot({
      AllocationId: ALLOC,
      PublicIp: IP,
      AssociationId: "eipassoc-1",
      InstanceId: "i-1",
    });
    expect(Object.keys(snapshot?.association ?? {})).toEqual(["associationId", "instanceId"]);
    expect(Object.keys(toSnapshot({ AllocationId: ALLOC, PublicIp: IP }) ?? {})).toEqual([
      "allocationId",
      "publicIp",
      "domain",
    ]);
  });
});

describe("holds, describeHolder, describeTarget", () => {
  it("an interface target is not held by an association naming another interface, or none", () => {
    expect(
      holds(held({ associationId: "x", instanceId: "i-1" }), {
        kind: "interface",
        networkInterfaceId: "eni-1",
      }),
    ).toBe(false);
    expect(holds(held(undefined), { kind: "instance", instanceId: "i-1" })).toBe(false);
    expect(
      holds(held({ associationId: "x", networkInterfaceId: "eni-2" }), {
        kind: "interface",
        networkInterfaceId: "eni-1",
      }),
    ).toBe(false);
  });

  it.each([
    [{ associationId: "x", instanceId: "i-1" }, "instance i-1"],
    [{ associationId: "x", instanceId: "i-1", networkInterfaceId: "eni-1" }, "instance i-1 (eni-1)"],
    [{ associationId: "x", instanceId: "i-1", privateIpAddress: "10.0.0.20" }, "instance i-1 (10.0.0.20)"],
    [
      { associationId: "x", networkInterfaceId: "eni-1", privateIpAddress: "10.0.0.20" },
      "network interface eni-1",
    ],
    [{ associationId: "x" }, "network interface ?"],
  ])("%j is described as %s", (association, text) => {
    expect(describeHolder(held(association))).toBe(text);
  });

  it("nothing observed is nobody", () => {
    expect(describeHolder(undefined)).toBe("nobody");
  });

  it.each([
    [{ kind: "instance", instanceId: "i-1" }, "instance i-1"],
    [{ kind: "interface", networkInterfaceId: "eni-1" }, "network interface eni-1"],
    [
      { kind: "interface", networkInterfaceId: "eni-1", privateIpAddress: "10.0.1.20" },
      "network interface eni-1 (10.0.1.20)",
    ],
  ] as const)("%j is described as %s", (target, text) => {
    expect(describeTarget(target)).toBe(text);
  });
});
