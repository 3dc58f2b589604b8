import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DisassociateAddressCommand,
  EC2Client,
  type InstanceStateName,
  type SummaryStatus,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AddressSnapshot,
  ConfigurationError,
  ConflictError,
  claim,
  claimIfUnchanged,
  deadlineIn,
  locate,
  observeMembers,
  release,
  toSnapshot,
} from "../../../core/index.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ASSOC_A = "eipassoc-0aaaaaaaaaaaaaaa1";
const onA: AddressSnapshot = {
  allocationId: ALLOC,
  publicIp: "203.0.113.10",
  domain: "vpc",
  association: {
    associationId: ASSOC_A,
    instanceId: A,
    networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
    privateIpAddress: "10.0.0.20",
  },
};
const free: AddressSnapshot = { allocationId: ALLOC, publicIp: "203.0.113.10", domain: "vpc" };
const toB = { kind: "instance", instanceId: B } as const;
/** DescribeAddresses' answer: the address held by `instanceId` under `associationId`, or by nobody. */
const seen = (instanceId?: string, associationId?: string) => ({
  Addresses: [
    {
      AllocationId: ALLOC,
      PublicIp: "203.0.113.10",
      Domain: "vpc" as const,
      ...(instanceId ? { AssociationId: associationId, InstanceId: instanceId } : {}),
    },
  ],
});
const err = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

const mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const ec2 = new EC2Client({ region: "ap-northeast-1" });
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("toSnapshot and locate", () => {
  beforeEach(() => mock.reset());

  it("treats EC2's empty strings as absent", () => {
    expect(
      toSnapshot({
        AllocationId: ALLOC,
        PublicIp: "203.0.113.10",
        Domain: "vpc",
        AssociationId: "",
        InstanceId: "",
      }),
    ).toEqual(free);
    expect(
      toSnapshot({
        AllocationId: ALLOC,
        PublicIp: "203.0.113.10",
        Domain: "vpc",
        AssociationId: ASSOC_A,
        InstanceId: "",
        NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
      }),
    ).toEqual({
      ...free,
      association: { associationId: ASSOC_A, networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1" },
    });
  });

  it("asks by allocation id or by public IP in one call", async () => {
    mock.on(DescribeAddressesCommand).resolves(seen());
    await locate(ec2, { allocationId: ALLOC }, options());
    await locate(ec2, { publicIp: "203.0.113.10" }, options());
    expect(mock.commandCalls(DescribeAddressesCommand).map((c) => c.args[0].input)).toEqual([
      { AllocationIds: [ALLOC] },
      { PublicIps: ["203.0.113.10"] },
    ]);
  });

  it("an empty answer is a configuration error naming the address; malformed input makes no call", async () => {
    mock.on(DescribeAddressesCommand).resolves({ Addresses: [] });
    await expect(locate(ec2, { allocationId: ALLOC }, options())).rejects.toThrow(
      `allocation id not found: ${ALLOC}`,
    );
    await expect(locate(ec2, { allocationId: "eipalloc-xyz" }, options())).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    await expect(locate(ec2, { publicIp: "1.2.3" }, options())).rejects.toThrow("'1.2.3'");
    expect(mock.commandCalls(DescribeAddressesCommand)).toHaveLength(1);
  });
});

describe("claim", () => {
  beforeEach(() => mock.reset());

  it("makes no call when the target already holds the address", async () => {
    const result = await claim(ec2, onA, { kind: "instance", instanceId: A }, options());
    expect(result.changed).toBe(false);
    expect(mock.calls()).toHaveLength(0);
  });

  it("moves in exactly one AssociateAddress with AllowReassociation=true", async () => {
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    const result = await claim(ec2, onA, toB, options());
    expect(result).toEqual({
      changed: true,
      association: { associationId: "eipassoc-0bbbbbbbbbbbbbbb1", instanceId: B },
      previous: onA.association,
    });
    expect(mock.calls()).toHaveLength(1);
    expect(mock.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: true,
      InstanceId: B,
    });
  });

  it("targets an interface and a private IP", async () => {
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    await claim(
      ec2,
      onA,
      { kind: "interface", networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1", privateIpAddress: "10.0.1.21" },
      options(),
    );
    expect(mock.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: true,
      NetworkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
      PrivateIpAddress: "10.0.1.21",
    });
  });

  it("an unknown instance is a configuration error naming it", async () => {
    mock.on(AssociateAddressCommand).rejects(err("InvalidInstanceID.NotFound"));
    await expect(claim(ec2, onA, toB, options())).rejects.toThrow(`instance not found: ${B}`);
  });
});

describe("claimIfUnchanged (compare-and-swap)", () => {
  beforeEach(() => mock.reset());

  it("disassociates exactly the observed association, then associates without reassociation", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    const result = await claimIfUnchanged(ec2, onA, toB, options());
    expect(result.changed).toBe(true);
    expect(mock.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: ASSOC_A,
    });
    expect(mock.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: false,
      InstanceId: B,
    });
  });

  it("observed 'none' → one associate only", async () => {
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    await claimIfUnchanged(ec2, free, toB, options());
    expect(mock.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(1);
  });

  it("no call when the target already holds it", async () => {
    const result = await claimIfUnchanged(
      ec2,
      { ...onA, association: { associationId: ASSOC_A, instanceId: B } },
      toB,
      options(),
    );
    expect(result.changed).toBe(false);
    expect(mock.calls()).toHaveLength(0);
  });

  it("a stale association id with a newer holder → ConflictError naming it, and no associate", async () => {
    mock.on(DisassociateAddressCommand).rejects(err("InvalidAssociationID.NotFound"));
    mock.on(DescribeAddressesCommand).resolves(seen("i-0ccccccccccccccc1", "eipassoc-0ccccccccccccccc1"));
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("i-0ccccccccccccccc1");
    expect(error.current.association.instanceId).toBe("i-0ccccccccccccccc1");
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("a stale association id with nobody holding it now → ConflictError, no associate: whoever took it off places it", async () => {
    // Prepare: another caller (a duplicate invocation mid-move, Pacemaker's stop) removed the observed association
    mock.on(DisassociateAddressCommand).rejects(err("InvalidAssociationID.NotFound"));
    mock.on(DescribeAddressesCommand).resolves(seen());
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    // Act
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.current).toEqual(free);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("our own disassociate landed unanswered, the retry finds it gone and nobody holding it → the move goes on", async () => {
    mock
      .on(DisassociateAddressCommand)
      .rejectsOnce(err("InternalError", 500))
      .rejects(err("InvalidAssociationID.NotFound"));
    mock.on(DescribeAddressesCommand).resolves(seen());
    mock.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1" });
    expect((await claimIfUnchanged(ec2, onA, toB, options())).changed).toBe(true);
  });

  it("a throttled disassociate cannot have landed: the retry finding it gone means someone else took it off", async () => {
    mock
      .on(DisassociateAddressCommand)
      .rejectsOnce(err("RequestLimitExceeded", 503))
      .rejects(err("InvalidAssociationID.NotFound"));
    mock.on(DescribeAddressesCommand).resolves(seen());
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("a first associate refused because a duplicate already put it on the target → changed: false (theirs is the move)", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock.on(AssociateAddressCommand).rejects(err("Resource.AlreadyAssociated"));
    mock.on(DescribeAddressesCommand).resolves(seen(B, "eipassoc-0bbbbbbbbbbbbbbb1"));
    const result = await claimIfUnchanged(ec2, onA, toB, options());
    expect(result).toMatchObject({ changed: false, association: { instanceId: B } });
  });

  it("grabbed between disassociate and associate → ConflictError naming the grabber", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock.on(AssociateAddressCommand).rejects(err("Resource.AlreadyAssociated"));
    mock.on(DescribeAddressesCommand).resolves(seen("i-0ccccccccccccccc1", "eipassoc-0ccccccccccccccc1"));
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("i-0ccccccccccccccc1");
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(1);
  });

  it("a retried associate that finds its own association counts as success", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock
      .on(AssociateAddressCommand)
      .rejectsOnce(err("InternalError", 500))
      .rejects(err("Resource.AlreadyAssociated"));
    mock.on(DescribeAddressesCommand).resolves(seen(B, "eipassoc-0bbbbbbbbbbbbbbb1"));
    const result = await claimIfUnchanged(ec2, onA, toB, options());
    expect(result).toMatchObject({ changed: true, association: { instanceId: B } });
  });

  it("a target the associate refuses → the address goes back to the observed ENI and the error stands", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock
      .on(AssociateAddressCommand, { InstanceId: B })
      .rejects(err("InvalidInstanceID.NotFound"))
      .on(AssociateAddressCommand, { NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1" })
      .resolves({ AssociationId: "eipassoc-0aaaaaaaaaaaaaaa2" });
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(B);
    expect(mock.commandCalls(AssociateAddressCommand).map((c) => c.args[0].input)).toEqual([
      { AllocationId: ALLOC, AllowReassociation: false, InstanceId: B },
      {
        AllocationId: ALLOC,
        AllowReassociation: false,
        NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
        PrivateIpAddress: "10.0.0.20",
      },
    ]);
  });

  it("someone took it while it was being put back → the associate's error, no retry over them", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock
      .on(AssociateAddressCommand, { InstanceId: B })
      .rejects(err("UnauthorizedOperation", 403))
      .on(AssociateAddressCommand, { NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1" })
      .rejects(err("Resource.AlreadyAssociated"));
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error.kind).toBe("permission");
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(2);
  });

  it("neither the move nor the way back → a transient error that says it is left unassociated", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    mock.on(AssociateAddressCommand).rejects(err("UnauthorizedOperation", 403));
    const error = await claimIfUnchanged(ec2, onA, toB, options()).catch((e) => e);
    expect(error.kind).toBe("transient");
    expect(error.message).toContain(`left unassociated: ${ALLOC} was disassociated from instance ${A}`);
    expect(error.message).toContain(`instance ${B}`);
  });

  it("observed 'none' and the associate fails → its error, nothing to put back", async () => {
    mock.on(AssociateAddressCommand).rejects(err("InvalidInstanceID.NotFound"));
    const error = await claimIfUnchanged(ec2, free, toB, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(1);
  });

  it("the disassociate may not use the time the associate and the way back need", async () => {
    let now = 0;
    const deadline = deadlineIn(1_000, () => now);
    mock.on(DisassociateAddressCommand).callsFake(async () => {
      now += 200;
      throw err("RequestLimitExceeded", 503);
    });
    const error = await claimIfUnchanged(ec2, onA, toB, { deadline, sleep: async () => {} }).catch((e) => e);
    // 2 × 250 ms are kept for the associate and the way back, so only two 200 ms attempts fit, not four
    expect(error.kind).toBe("transient");
    expect(mock.commandCalls(DisassociateAddressCommand)).toHaveLength(2);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(0);
    expect(deadline.remaining()).toBeGreaterThanOrEqual(500);
  });
});

describe("release", () => {
  beforeEach(() => mock.reset());

  it("disassociates only the holder's association", async () => {
    mock.on(DisassociateAddressCommand).resolves({});
    expect(await release(ec2, onA, { kind: "instance", instanceId: A }, options())).toEqual({
      changed: true,
    });
    expect(mock.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: ASSOC_A,
    });
  });

  it("makes no call when the given holder does not hold it", async () => {
    expect(await release(ec2, onA, toB, options())).toEqual({ changed: false });
    expect(await release(ec2, free, toB, options())).toEqual({ changed: false });
    expect(mock.calls()).toHaveLength(0);
  });

  it("an association that vanished in between counts as released", async () => {
    mock.on(DisassociateAddressCommand).rejects(err("InvalidAssociationID.NotFound"));
    expect(await release(ec2, onA, { kind: "instance", instanceId: A }, options())).toEqual({
      changed: false,
    });
  });
});

/** One DescribeInstanceStatus entry as EC2 answers it, both checks with the same status. */
const statusOf = (id: string, az: string, state: InstanceStateName, status: SummaryStatus) => ({
  InstanceId: id,
  AvailabilityZone: az,
  InstanceState: { Name: state },
  InstanceStatus: { Status: status },
  SystemStatus: { Status: status },
});

describe("observeMembers", () => {
  beforeEach(() => mock.reset());

  it("reads state, AZ and both checks in one call, including stopped instances", async () => {
    mock.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        statusOf(A, "ap-northeast-1a", "stopped", "not-applicable"),
        statusOf(B, "ap-northeast-1c", "running", "ok"),
      ],
    });
    expect(await observeMembers(ec2, [A, B], options())).toEqual([
      { instanceId: A, state: "stopped", availabilityZone: "ap-northeast-1a", statusOk: false },
      { instanceId: B, state: "running", availabilityZone: "ap-northeast-1c", statusOk: true },
    ]);
    expect(mock.commandCalls(DescribeInstanceStatusCommand)[0]?.args[0].input).toEqual({
      InstanceIds: [A, B],
      IncludeAllInstances: true,
    });
    expect(await observeMembers(ec2, [], options())).toEqual([]);
  });

  it("a member that no longer exists does not hide the others: each id is then asked alone", async () => {
    mock
      .on(DescribeInstanceStatusCommand)
      .rejects(err("InvalidInstanceID.NotFound"))
      .on(DescribeInstanceStatusCommand, { InstanceIds: [B] })
      .resolves({ InstanceStatuses: [statusOf(B, "ap-northeast-1c", "running", "ok")] });
    expect(await observeMembers(ec2, [A, B], options())).toEqual([
      { instanceId: B, state: "running", availabilityZone: "ap-northeast-1c", statusOk: true },
    ]);
    expect(mock.commandCalls(DescribeInstanceStatusCommand)).toHaveLength(3);
  });
});
