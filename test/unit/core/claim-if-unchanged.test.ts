import { describe, expect, it } from "vitest";
import { claimIfUnchanged } from "../../../core/claim-if-unchanged.ts";
import { deadlineIn } from "../../../core/deadline.ts";
import { type ConflictError, type EipError, TransientError } from "../../../core/errors.ts";
import type { AddressSnapshot } from "../../../core/types.ts";
import { ec2Error, fakeEc2 } from "../../support/fake-ec2.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const C = "i-0ccccccccccccccc1";
const toB = { kind: "instance", instanceId: B } as const;
const address = { AllocationId: ALLOC, PublicIp: "203.0.113.10", Domain: "vpc" };
const observed = (association: AddressSnapshot["association"]): AddressSnapshot => ({
  allocationId: ALLOC,
  publicIp: "203.0.113.10",
  domain: "vpc",
  ...(association ? { association } : {}),
});
const onA = observed({
  associationId: "eipassoc-a",
  instanceId: A,
  networkInterfaceId: "eni-a",
  privateIpAddress: "10.0.0.20",
});
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });
const gone = () => {
  throw ec2Error("InvalidAssociationID.NotFound");
};

describe("claimIfUnchanged: what it answers and says when the world moved", () => {
  it("the observed association gone and the target holding it now: unchanged, no associate", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: gone,
      DescribeAddresses: () => ({ Addresses: [{ ...address, AssociationId: "eipassoc-b", InstanceId: B }] }),
    });
    // Act / Assess
    expect(await claimIfUnchanged(ec2, onA, toB, options())).toEqual({
      changed: false,
      association: { associationId: "eipassoc-b", instanceId: B },
    });
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress", "DescribeAddresses"]);
  });

  it("the observed association gone and nobody holding it: a conflict, no associate (whoever took it off places it)", async () => {
    // Prepare
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: gone,
      DescribeAddresses: () => ({ Addresses: [address] }),
    });
    // Act
    const error = (await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e)) as ConflictError;
    // Assess
    expect(error.reason).toBe("conflict");
    expect(error.message).toBe(
      `conflict: ${ALLOC} is now held by nobody, not by instance ${A} (eni-a, 10.0.0.20) as observed; not moving it to instance ${B}`,
    );
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress", "DescribeAddresses"]);
  });

  it("a newer holder: a conflict naming the holder now, the holder observed and the target", async () => {
    // Prepare
    const { ec2 } = fakeEc2({
      DisassociateAddress: gone,
      DescribeAddresses: () => ({ Addresses: [{ ...address, AssociationId: "eipassoc-c", InstanceId: C }] }),
    });
    // Act
    const error = (await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e)) as ConflictError;
    // Assess
    expect(error.message).toBe(
      `conflict: ${ALLOC} is now held by instance ${C}, not by instance ${A} (eni-a, 10.0.0.20) as observed; not moving it to instance ${B}`,
    );
    expect(error.current?.association?.instanceId).toBe(C);
    expect(error.context).toEqual({ action: "AssociateAddress", allocationId: ALLOC, instanceId: B });
    expect(error.cause).toBeDefined();
  });

  it("unassociated as observed, taken before the associate: a conflict naming the newcomer and 'nobody'", async () => {
    const { ec2 } = fakeEc2({
      AssociateAddress: () => {
        throw ec2Error("Resource.AlreadyAssociated");
      },
      DescribeAddresses: () => ({ Addresses: [{ ...address, AssociationId: "eipassoc-c", InstanceId: C }] }),
    });
    const error = (await claimIfUnchanged(ec2, observed(undefined), toB, options()).catch(
      (e) => e,
    )) as ConflictError;
    expect(error.message).toBe(
      `conflict: ${ALLOC} is now held by instance ${C}, not by nobody as observed; not moving it to instance ${B}`,
    );
  });

  it("a failed move of an association that named no instance or interface cannot be put back, and says so", async () => {
    // Prepare
    const bare = observed({ associationId: "eipassoc-x" });
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: () => ({}),
      AssociateAddress: () => {
        throw ec2Error("InvalidInstanceID.NotFound");
      },
    });
    // Act
    const error = (await claimIfUnchanged(ec2, bare, toB, options()).catch((e) => e)) as EipError;
    // Assess
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe(
      `left unassociated: ${ALLOC} was disassociated from network interface ?, but moving it to instance ${B} failed (instance not found: ${B} (expected an i-… id in this Region)) and putting it back failed too (EC2 named no instance or interface for the observed association)`,
    );
    expect(error.reason).toBe("unavailable");
    expect((error.cause as EipError).reason).toBe("target-refused");
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress", "AssociateAddress"]);
  });

  it("a disassociate that fails for any other reason stands, and nothing is associated", async () => {
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: () => {
        throw ec2Error("UnauthorizedOperation", 403);
      },
    });
    const error = (await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e)) as EipError;
    expect(error.reason).toBe("permission");
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress"]);
  });
});
