import { describe, expect, it } from "vitest";
import { associate, disassociate, moveContext } from "../../../core/associate.ts";
import { deadlineIn } from "../../../core/deadline.ts";
import type { EipError } from "../../../core/errors.ts";
import type { AddressSnapshot } from "../../../core/types.ts";
import { ec2Error, fakeEc2 } from "../../support/fake-ec2.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const free: AddressSnapshot = { allocationId: ALLOC, publicIp: "203.0.113.10", domain: "vpc" };
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("associate and disassociate: one call each, errors naming the address and the target", () => {
  it("moveContext names the address and the target's instance or interface", () => {
    expect(moveContext("AssociateAddress", free)).toEqual({
      action: "AssociateAddress",
      allocationId: ALLOC,
    });
    expect(moveContext("AssociateAddress", free, { kind: "instance", instanceId: "i-1" })).toEqual({
      action: "AssociateAddress",
      allocationId: ALLOC,
      instanceId: "i-1",
    });
    expect(moveContext("AssociateAddress", free, { kind: "interface", networkInterfaceId: "eni-1" })).toEqual(
      {
        action: "AssociateAddress",
        allocationId: ALLOC,
        networkInterfaceId: "eni-1",
      },
    );
  });

  it("an interface without a private IP sends none, and the association names only the interface", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({ AssociateAddress: () => ({ AssociationId: "eipassoc-2" }) });
    // Act
    const association = await associate(
      ec2,
      free,
      { kind: "interface", networkInterfaceId: "eni-1" },
      false,
      options(),
    );
    // Assess
    expect(association).toEqual({ associationId: "eipassoc-2", networkInterfaceId: "eni-1" });
    expect(calls[0]?.input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: false,
      NetworkInterfaceId: "eni-1",
    });
  });

  it("an answer without an association id gives an empty one, for the caller to refuse", async () => {
    const { ec2 } = fakeEc2({ AssociateAddress: () => ({}) });
    expect(await associate(ec2, free, { kind: "instance", instanceId: "i-1" }, true, options())).toEqual({
      associationId: "",
      instanceId: "i-1",
    });
  });

  it("a refused associate names the address and the target; a refused disassociate the association", async () => {
    // Prepare
    const { ec2 } = fakeEc2({
      AssociateAddress: () => {
        throw ec2Error("UnauthorizedOperation", 403);
      },
      DisassociateAddress: () => {
        throw ec2Error("UnauthorizedOperation", 403);
      },
    });
    // Act
    const moving = (await associate(
      ec2,
      free,
      { kind: "instance", instanceId: "i-1" },
      true,
      options(),
    ).catch((e) => e)) as EipError;
    const leaving = (await disassociate(ec2, free, "eipassoc-1", options()).catch((e) => e)) as EipError;
    // Assess
    expect(moving.context).toEqual({
      action: "AssociateAddress",
      allocationId: ALLOC,
      instanceId: "i-1",
      code: "UnauthorizedOperation",
    });
    expect(leaving.context).toEqual({
      action: "DisassociateAddress",
      allocationId: ALLOC,
      associationId: "eipassoc-1",
      code: "UnauthorizedOperation",
    });
  });
});
