import {
  AssociateAddressCommand,
  DisassociateAddressCommand,
  EC2Client,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AddressSnapshot,
  ConfigurationError,
  deadlineIn,
  dryRun,
  dryRunAssociate,
  dryRunDisassociate,
  ErrorReasons,
  PermissionError,
} from "../../../core/index.ts";
import { awsError } from "../../support/aws-error.ts";

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
const allowed = () => awsError("DryRunOperation", 412);
const denied = () => awsError("UnauthorizedOperation", 403);

const mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
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
    mock.on(AssociateAddressCommand).rejectsOnce(awsError("RequestLimitExceeded", 503)).rejects(allowed());
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
      mock.on(AssociateAddressCommand).rejects(awsError(code, status));
      const answer = await dryRunAssociate(ec2, onA, { kind: "instance", instanceId: A }, options());
      expect(answer).toMatchObject({ allowed: false, code, reason });
    },
  );

  it("a denial's error keeps EC2's answer as its cause; any other answer's error is core's own, not a denial", async () => {
    // Prepare
    const target = { kind: "instance", instanceId: A } as const;
    mock
      .on(AssociateAddressCommand)
      .rejectsOnce(denied())
      .rejectsOnce(awsError("InvalidAllocationID.NotFound", 400));
    // Act
    const denial = await dryRunAssociate(ec2, onA, target, options());
    const notFound = await dryRunAssociate(ec2, onA, target, options());
    // Assess
    expect(denial.allowed || denial.error.cause).toMatchObject({ reason: ErrorReasons.permission });
    expect(denial.allowed || denial.error.context).toMatchObject({
      action: "AssociateAddress",
      instanceId: A,
    });
    expect(notFound.allowed || notFound.error).toBeInstanceOf(ConfigurationError);
    expect(notFound.allowed || notFound.error.message).not.toContain("permission denied");
  });
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
    expect(answer?.allowed || answer?.error.context).toMatchObject({ action: "DisassociateAddress" });
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
      message: "ec2:StopInstances sent to dryRun without DryRun: true",
    });
    expect(mock.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it("a call that never answers is aborted at the deadline: an answer of not allowed, reason deadline", async () => {
    // Prepare: the endpoint answers only when the call is aborted
    const stop = new StopInstancesCommand({ InstanceIds: [A], DryRun: true });
    let aborted = false;
    const silent = {
      send: (_: StopInstancesCommand, o: { abortSignal: AbortSignal }) =>
        new Promise((_, reject) =>
          o.abortSignal?.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    };
    // Act
    const answer = await dryRun(silent, stop, { action: "StopInstances" }, { deadline: deadlineIn(300) });
    // Assess
    expect(answer).toMatchObject({ allowed: false, reason: ErrorReasons.deadline });
    expect(aborted).toBe(true);
  });

  it("an error that is not EC2's (a bug, say) is thrown as it is, not turned into an answer", async () => {
    // Prepare
    const bug = new TypeError("not an EC2 answer");
    const stop = new StopInstancesCommand({ InstanceIds: [A], DryRun: true });
    // Act
    const thrown = dryRun({ send: () => Promise.reject(bug) }, stop, { action: "StopInstances" }, options());
    // Assess
    await expect(thrown).rejects.toBe(bug);
  });

  it("an endpoint that carries the request out is not an answer of allowed", async () => {
    mock.on(StopInstancesCommand).resolves({});
    const stop = new StopInstancesCommand({ InstanceIds: [A], DryRun: true });
    const answer = await dryRun(ec2, stop, { action: "StopInstances", instanceId: A }, options());
    expect(answer).toMatchObject({ allowed: false, reason: ErrorReasons.rejected });
    expect(answer.allowed || answer.error.message).toBe(
      "ec2:StopInstances was carried out although it said DryRun: the endpoint ignores DryRun (expected EC2's DryRunOperation answer)",
    );
  });
});
