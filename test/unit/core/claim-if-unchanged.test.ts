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

/**
 * A clock that moves only when the claim sleeps, and DescribeAddresses answering `stale` until `freshAt` (the
 * lag of a change made just before), `fresh` after: EC2's reads lag, its writes do not.
 */
function laggingReads(stale: Record<string, unknown>, fresh: Record<string, unknown>, lagMs: number) {
  let now = 1_000_000;
  const freshAt = now + lagMs;
  const slept: number[] = [];
  return {
    DescribeAddresses: () => ({ Addresses: [now < freshAt ? stale : fresh] }),
    options: (lagBoundMs = 3_000) => ({
      deadline: deadlineIn(10_000, () => now),
      lagBoundMs,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
    }),
    slept,
  };
}
const shownOnA = { ...address, AssociationId: "eipassoc-a", InstanceId: A };
const shownOnB = { ...address, AssociationId: "eipassoc-b", InstanceId: B };

describe("claimIfUnchanged while EC2's reads lag its writes", () => {
  it("a duplicate inside the window: EC2 says the association is gone, a read still shows it → read again after the bound: on the target, unchanged, no associate", async () => {
    // Prepare: the first decision moved it to B just before; reads show A for 2 s more
    const world = laggingReads(shownOnA, shownOnB, 2_000);
    const { ec2, calls } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    // Act
    const result = await claimIfUnchanged(ec2, onA, toB, world.options());
    // Assess
    expect(result).toEqual({ changed: false, association: { associationId: "eipassoc-b", instanceId: B } });
    expect(calls.map((c) => c.action)).toEqual([
      "DisassociateAddress",
      "DescribeAddresses",
      "DescribeAddresses",
    ]);
    expect(world.slept).toEqual([3_000]);
  });

  it("the same world with exact reads assumed (bound 0): the lagging read is taken for someone else's move — the false conflict the bound prevents", async () => {
    const world = laggingReads(shownOnA, shownOnB, 2_000);
    const { ec2 } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    const error = (await claimIfUnchanged(ec2, onA, toB, world.options(0)).catch((e) => e)) as ConflictError;
    expect(error.reason).toBe("conflict");
    expect(error.current?.association?.instanceId).toBe(A);
  });

  it("our associate landed unanswered; its retry is refused (already associated) and a read shows nobody (mid-move) → read again: ours, changed", async () => {
    // Prepare
    const world = laggingReads(address, shownOnB, 1_500);
    let associates = 0;
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: () => ({}),
      AssociateAddress: () => {
        associates++;
        throw associates === 1 ? ec2Error("InternalError", 500) : ec2Error("Resource.AlreadyAssociated");
      },
      DescribeAddresses: world.DescribeAddresses,
    });
    // Act
    const result = await claimIfUnchanged(ec2, onA, toB, world.options());
    // Assess
    expect(result).toEqual({ changed: true, association: { associationId: "eipassoc-b", instanceId: B } });
    expect(calls.filter((c) => c.action === "DescribeAddresses")).toHaveLength(2);
  });

  it("the retried associate's read still shows the association we removed → read again: ours, changed (no put-back, no conflict)", async () => {
    const world = laggingReads(shownOnA, shownOnB, 2_500);
    let associates = 0;
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: () => ({}),
      AssociateAddress: () => {
        associates++;
        throw associates === 1 ? ec2Error("RequestTimeout", 500) : ec2Error("Resource.AlreadyAssociated");
      },
      DescribeAddresses: world.DescribeAddresses,
    });
    const result = await claimIfUnchanged(ec2, onA, toB, world.options());
    expect(result).toMatchObject({ changed: true, association: { instanceId: B } });
    expect(calls.map((c) => c.action)).toEqual([
      "DisassociateAddress",
      "AssociateAddress",
      "AssociateAddress",
      "DescribeAddresses",
      "DescribeAddresses",
    ]);
  });

  it("a read that still shows the gone association after the bound: transient (reason unavailable), nothing associated", async () => {
    // Prepare: reads lag longer than the bound
    const world = laggingReads(shownOnA, shownOnB, 60_000);
    const { ec2, calls } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    // Act
    const error = (await claimIfUnchanged(ec2, onA, toB, world.options()).catch((e) => e)) as EipError;
    // Assess
    expect(error).toBeInstanceOf(TransientError);
    expect(error.reason).toBe("unavailable");
    expect(error.message).toBe(
      `reads lag: ${ALLOC} still shows instance ${A} (eipassoc-a) after the 3000 ms lag bound, though EC2's DisassociateAddress answered otherwise; retrying`,
    );
    expect(error.context).toMatchObject({ action: "DisassociateAddress", associationId: "eipassoc-a" });
    expect(calls.map((c) => c.action)).not.toContain("AssociateAddress");
  });

  it("a read that agrees with EC2's refusal is believed at once: a newer holder is a conflict, no wait", async () => {
    const world = laggingReads(shownOnA, { ...address, AssociationId: "eipassoc-c", InstanceId: C }, 0);
    const { ec2 } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    const error = (await claimIfUnchanged(ec2, onA, toB, world.options()).catch((e) => e)) as ConflictError;
    expect(error.current?.association?.instanceId).toBe(C);
    expect(world.slept).toEqual([]);
  });

  it("nobody holding it after the disassociate's refusal agrees with it too: theirs to place, no wait", async () => {
    const world = laggingReads(address, address, 0);
    const { ec2 } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    const error = (await claimIfUnchanged(ec2, onA, toB, world.options()).catch((e) => e)) as ConflictError;
    expect(error.reason).toBe("conflict");
    expect(world.slept).toEqual([]);
  });

  it("a move whose calls succeed trusts AssociateAddress' answer: no read at all, the association id it returned", async () => {
    const world = laggingReads(shownOnA, shownOnA, 60_000);
    const { ec2, calls } = fakeEc2({
      DisassociateAddress: () => ({}),
      AssociateAddress: () => ({ AssociationId: "eipassoc-new" }),
      DescribeAddresses: world.DescribeAddresses,
    });
    const result = await claimIfUnchanged(ec2, onA, toB, world.options());
    expect(result).toMatchObject({
      changed: true,
      association: { associationId: "eipassoc-new", instanceId: B },
    });
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress", "AssociateAddress"]);
    expect(world.slept).toEqual([]);
  });

  it("no time left to read again after the bound: transient (reason deadline), nothing associated", async () => {
    const world = laggingReads(shownOnA, shownOnB, 2_000);
    const { ec2, calls } = fakeEc2({ DisassociateAddress: gone, DescribeAddresses: world.DescribeAddresses });
    const options = { ...world.options(), lagBoundMs: 20_000 };
    const error = (await claimIfUnchanged(ec2, onA, toB, options).catch((e) => e)) as EipError;
    expect(error.reason).toBe("deadline");
    expect(error.context).toMatchObject({ allocationId: ALLOC, associationId: "eipassoc-a" });
    expect(calls.map((c) => c.action)).toEqual(["DisassociateAddress", "DescribeAddresses"]);
  });
});
