import {
  AssociateAddressCommand,
  DisassociateAddressCommand,
  EC2Client,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type AddressSnapshot,
  deadlineIn,
  dryRun,
  dryRunAssociate,
  dryRunDisassociate,
  ErrorReasons,
  PermissionError,
} from "../../../core/index.ts";

const ALLOC = "eipalloc-0123456789abcdef0";
const A = "i-0aaaaaaaaaaaaaaa1";
const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
const ASSOC_A = "eipassoc-0aaaaaaaaaaaaaaa1";
const onA: AddressSnapshot = {
  allocationId: ALLOC,
  publicIp: "203.0.113.10",
  domain: "vpc",
  association: { associationId: ASSOC_A, instanceId: A, networkInterfaceId: ENI_A },
};
const err = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const allowed = () => err("DryRunOperation", 412);
const denied = () => err("UnauthorizedOperation", 403);

const mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: "ap-northeast-1" });
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("dryRunAssociate", () => {
  beforeEach(() => mock.reset());

  it("asks with DryRun and the claim's request, and answers allowed on DryRunOperation", async () => {
    // Prepare
    mock.on(AssociateAddressCommand).rejects(allowed());
    // Act
    const answer = await dryRunAssociate(
      ec2,
      onA,
      { kind: "interface", networkInterfaceId: ENI_A },
      options(),
    );
    // Assess
    expect(answer).toEqual({ allowed: true, action: "ec2:AssociateAddress", code: "DryRunOperation" });
    expect(mock.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      NetworkInterfaceId: ENI_A,
      AllowReassociation: true,
      DryRun: true,
    });
  });

  it("answers denied with reason permission, naming the IAM action and the resources", async () => {
    // Prepare
    mock.on(AssociateAddressCommand).rejects(denied());
    // Act
    const answer = await dryRunAssociate(ec2, onA, { kind: "instance", instanceId: A }, options());
    // Assess
    expect(answer).toMatchObject({
      allowed: false,
      action: "ec2:AssociateAddress",
      code: "UnauthorizedOperation",
      reason: ErrorReasons.permission,
    });
    expect(answer.allowed || answer.error).toBeInstanceOf(PermissionError);
    expect(answer.allowed || answer.error.message).toBe(
      `permission denied: ec2:AssociateAddress on allocation id ${ALLOC}, instance ${A} (DryRun answered UnauthorizedOperation): grant the role ec2:AssociateAddress on these resources`,
    );
  });

  it("retries a transient error and answers what EC2 says next", async () => {
    mock.on(AssociateAddressCommand).rejectsOnce(err("RequestLimitExceeded", 503)).rejects(allowed());
    const answer = await dryRunAssociate(ec2, onA, { kind: "instance", instanceId: A }, options());
    expect(answer.allowed).toBe(true);
    expect(mock.commandCalls(AssociateAddressCommand)).toHaveLength(2);
  });

  it.each([
    ["InvalidAllocationID.NotFound", 400, ErrorReasons.notFound],
    ["InvalidInstanceID.NotFound", 400, ErrorReasons.targetRefused],
    ["AuthFailure", 401, ErrorReasons.permission],
  ] as const)(
    "any other answer, %s (HTTP %i), is not allowed, with core's reason %s",
    async (code, status, reason) => {
      mock.on(AssociateAddressCommand).rejects(err(code, status));
      const answer = await dryRunAssociate(ec2, onA, { kind: "instance", instanceId: A }, options());
      expect(answer).toMatchObject({ allowed: false, code, reason });
    },
  );
});

describe("dryRunDisassociate", () => {
  beforeEach(() => mock.reset());

  it("asks about the current association, naming its interface when denied", async () => {
    // Prepare
    mock.on(DisassociateAddressCommand).rejects(denied());
    // Act
    const answer = await dryRunDisassociate(ec2, onA, options());
    // Assess
    expect(mock.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: ASSOC_A,
      DryRun: true,
    });
    expect(answer).toMatchObject({ allowed: false, action: "ec2:DisassociateAddress" });
    expect(answer?.allowed || answer?.error.message).toContain(
      `ec2:DisassociateAddress on allocation id ${ALLOC}, network interface ${ENI_A}, association ${ASSOC_A}`,
    );
  });

  it("makes no call for an address that is not associated", async () => {
    const { association: _, ...free } = onA;
    expect(await dryRunDisassociate(ec2, free, options())).toBeUndefined();
    expect(mock.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
  });
});

describe("dryRun", () => {
  beforeEach(() => mock.reset());

  it("refuses a command without DryRun: true, before sending anything", async () => {
    const stop = new StopInstancesCommand({ InstanceIds: [A] });
    await expect(
      dryRun(ec2, stop, { action: "StopInstances", instanceId: A }, options()),
    ).rejects.toMatchObject({
      reason: ErrorReasons.argument,
    });
    expect(mock.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it("an endpoint that carries the request out is not an answer of allowed", async () => {
    mock.on(StopInstancesCommand).resolves({});
    const stop = new StopInstancesCommand({ InstanceIds: [A], DryRun: true });
    const answer = await dryRun(ec2, stop, { action: "StopInstances", instanceId: A }, options());
    expect(answer).toMatchObject({ allowed: false, reason: ErrorReasons.rejected });
  });
});
