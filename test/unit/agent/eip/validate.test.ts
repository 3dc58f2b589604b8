import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { validateDeep } from "../../../../agent/eip/validate.ts";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { awsError } from "../../../support/aws-error.ts";
import { ALLOC, actionContext, onA, onSelf, self } from "./fixtures.ts";

const ec2 = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => ec2.restore());
const context = actionContext;
const allowed = () => awsError("DryRunOperation", 412);
const denied = () => awsError("UnauthorizedOperation", 403);
/** Every move the action sent, as [command, DryRun]. */
const moves = () =>
  ec2
    .calls()
    .map((c) => c.args[0])
    .filter((c) => !(c instanceof DescribeAddressesCommand))
    .map((c) => [c.constructor.name, (c.input as { DryRun?: boolean }).DryRun]);

describe("validate-all at OCF_CHECK_LEVEL 10 proves the instance role's permissions with DryRun", () => {
  beforeEach(() => {
    ec2.reset();
    ec2.on(AssociateAddressCommand).rejects(allowed());
    ec2.on(DisassociateAddressCommand).rejects(allowed());
  });

  it("address elsewhere: one DryRun AssociateAddress of it to this node, then 0", async () => {
    // Prepare
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    // Act
    const outcome = await validateDeep(context());
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${ALLOC} (203.0.113.10) exists in the VPC scope; DryRun: ec2:AssociateAddress allowed`,
    });
    expect(moves()).toEqual([["AssociateAddressCommand", true]]);
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: true,
      InstanceId: self.instanceId,
      DryRun: true,
    });
  });

  it("address here: also a DryRun DisassociateAddress of this node's association", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    const outcome = await validateDeep(context());
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(moves()).toEqual([
      ["AssociateAddressCommand", true],
      ["DisassociateAddressCommand", true],
    ]);
    expect(ec2.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: onSelf.AssociationId,
      DryRun: true,
    });
  });

  it.each([
    // where the address is, the IAM action denied, and the resources the exit reason must name
    ["elsewhere", "ec2:AssociateAddress", `allocation id ${ALLOC}, instance ${self.instanceId}`],
    [
      "here",
      "ec2:DisassociateAddress",
      `allocation id ${ALLOC}, network interface ${onSelf.NetworkInterfaceId}, association ${onSelf.AssociationId}`,
    ],
  ] as const)(
    "address %s, %s denied: exit 4 naming the action and the resources",
    async (where, action, resources) => {
      // Prepare
      ec2.on(DescribeAddressesCommand).resolves({ Addresses: [where === "here" ? onSelf : onA] });
      ec2
        .on(action === "ec2:AssociateAddress" ? AssociateAddressCommand : DisassociateAddressCommand)
        .rejects(denied());
      // Act
      const outcome = outcomeOf(await validateDeep(context()).catch((e) => e));
      // Assess
      expect(outcome.code).toBe(OcfExit.ERR_PERM);
      expect("reason" in outcome && outcome.reason).toBe(
        `permission denied: ${action} on ${resources} (DryRun answered UnauthorizedOperation): grant the role ${action} on these resources`,
      );
    },
  );

  it("a configured interface of another node proves nothing here and makes no DryRun", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const outcome = await validateDeep(context({ OCF_RESKEY_network_interface_id: onA.NetworkInterfaceId }));
    expect(outcome).toMatchObject({
      code: OcfExit.SUCCESS,
      note: expect.stringContaining("permissions not proven here"),
    });
    expect(moves()).toEqual([]);
  });

  it("refuses an EC2-Classic address before any DryRun", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [{ ...onA, Domain: "standard" }] });
    const error = await validateDeep(context()).catch((e) => e);
    expect(outcomeOf(error)).toEqual({
      code: OcfExit.ERR_CONFIGURED,
      reason: "203.0.113.10 is an EC2-Classic address (domain standard); only VPC addresses can move",
    });
    expect(moves()).toEqual([]);
  });
});
