import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { start, targetFor } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { monitor } from "../../../../agent/eip/monitor.ts";
import { stop } from "../../../../agent/eip/stop.ts";
import { ImdsError, ParameterError } from "../../../../agent/ocf/errors.ts";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { EXIT_BY_REASON, outcomeOf } from "../../../../agent/ocf/outcome.ts";
import {
  ConfigurationError,
  ConflictError,
  deadlineIn,
  ErrorReasons,
  PermissionError,
  TransientError,
} from "../../../../core/index.ts";
import { ALLOC, actionContext, DISABLED, onA, onSelf, self } from "./fixtures.ts";

const ec2 = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => ec2.restore());
const context = actionContext;

describe("agent actions", () => {
  beforeEach(() => ec2.reset());

  it("monitor is one DescribeAddresses: 0 when held here, 7 when held elsewhere", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolvesOnce({ Addresses: [onSelf] })
      .resolvesOnce({ Addresses: [onA] });
    expect((await monitor(context())).code).toBe(OcfExit.SUCCESS);
    expect((await monitor(context())).code).toBe(OcfExit.NOT_RUNNING);
    expect(ec2.commandCalls(DescribeAddressesCommand)).toHaveLength(2);
    expect(ec2.commandCalls(DescribeAddressesCommand)[0]?.args[0].input).toEqual({ AllocationIds: [ALLOC] });
  });

  it("with an address source (the SDK-free read), monitor asks it, not the SDK's client, and resolves no credentials", async () => {
    // Prepare
    const asked: unknown[] = [];
    let credentials = 0;
    const ctx = {
      ...context(),
      addresses: {
        read: async (input: unknown) => {
          asked.push(input);
          return { Addresses: [onSelf] };
        },
        region: async () => "ap-northeast-1",
      },
      credentials: async () => {
        credentials++;
      },
    };
    // Act
    const outcome = await monitor(ctx);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(asked).toEqual([{ AllocationIds: [ALLOC] }]);
    expect(ec2.commandCalls(DescribeAddressesCommand)).toHaveLength(0);
    expect(credentials).toBe(0);
  });

  it("without one, the SDK's client, its credentials resolved first", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    let credentials = 0;
    const outcome = await monitor({
      ...context(),
      credentials: async () => {
        credentials++;
      },
    });
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(DescribeAddressesCommand)).toHaveLength(1);
    expect(credentials).toBe(1);
  });

  it("start moves the address in one AssociateAddress with AllowReassociation", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0ccccccccccccccc1" });
    const outcome = await start(context());
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: true,
      InstanceId: self.instanceId,
    });
  });

  it("start on the holder makes no mutating call", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onSelf] });
    expect((await start(context())).code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("start fails when EC2 confirms no association", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(AssociateAddressCommand).resolves({});
    const error = await start(context()).catch((e) => e);
    expect(outcomeOf(error)).toEqual({
      code: OcfExit.ERR_GENERIC,
      reason: `AssociateAddress of ${ALLOC} to instance ${self.instanceId} returned no association id`,
    });
  });

  it("a disabled resource's stop releases only this node's association; elsewhere or unknown is success without a call", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolvesOnce({ Addresses: [onSelf] })
      .resolvesOnce({ Addresses: [onA] });
    ec2.on(DisassociateAddressCommand).resolves({});
    expect((await stop(context(DISABLED))).code).toBe(OcfExit.SUCCESS);
    expect((await stop(context(DISABLED))).code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: onSelf.AssociationId,
    });
    ec2.on(DescribeAddressesCommand).rejects(
      Object.assign(new Error("gone"), {
        name: "InvalidAllocationID.NotFound",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect((await stop(context(DISABLED))).code).toBe(OcfExit.SUCCESS);
  });

  it("both parameters naming different addresses is a configuration error naming both", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const error = await monitor(context({ OCF_RESKEY_elastic_ip: "198.51.100.9" })).catch((e) => e);
    const outcome = outcomeOf(error);
    expect(outcome.code).toBe(OcfExit.ERR_CONFIGURED);
    expect("reason" in outcome && outcome.reason).toContain("198.51.100.9");
  });

  it("targets the instance by default, the interface when one is configured", () => {
    expect(targetFor(parseConfig({ OCF_RESKEY_allocation_id: ALLOC }), self)).toEqual({
      kind: "instance",
      instanceId: self.instanceId,
    });
    expect(
      targetFor(
        parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_private_ip_address: "10.0.1.21" }),
        self,
      ),
    ).toEqual({
      kind: "interface",
      networkInterfaceId: self.networkInterfaceId,
      privateIpAddress: "10.0.1.21",
    });
  });
});

describe("network_interface_id naming another node's interface (parameters are cluster-wide)", () => {
  beforeEach(() => {
    ec2.reset();
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
  });
  const elsewhere = () => context({ OCF_RESKEY_network_interface_id: "eni-0aaaaaaaaaaaaaaa1" });

  it("monitor says 7 without asking EC2: the address on that interface is not on this node", async () => {
    const outcome = await monitor(elsewhere());
    expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
    expect("note" in outcome && outcome.note).toContain(
      "eni-0aaaaaaaaaaaaaaa1 is not attached to this instance",
    );
    expect(ec2.calls()).toHaveLength(0);
  });

  it("start refuses with 2 (not here) and stop releases nothing from the other node", async () => {
    const error = await start(elsewhere()).catch((e) => e);
    expect(outcomeOf(error).code).toBe(OcfExit.ERR_ARGS);
    expect(error.message).toContain("eni-0aaaaaaaaaaaaaaa1");
    expect((await stop(elsewhere())).code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("a secondary interface of this node is this node's", async () => {
    ec2.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0bbbbbbbbbbbbbbb2" });
    const here = context({ OCF_RESKEY_network_interface_id: "eni-0bbbbbbbbbbbbbbb2" });
    expect((await start(here)).code).toBe(OcfExit.SUCCESS);
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toMatchObject({
      NetworkInterfaceId: "eni-0bbbbbbbbbbbbbbb2",
    });
  });
});

describe("outcomeOf: one mapping from failures to OCF codes", () => {
  it.each([
    [new ParameterError("bad timeout", ErrorReasons.argument), OcfExit.ERR_ARGS],
    [new ParameterError("bad id"), OcfExit.ERR_CONFIGURED],
    [new ParameterError("not this node's eni", ErrorReasons.targetRefused), OcfExit.ERR_ARGS],
    [new ImdsError("IMDSv2 did not answer"), OcfExit.ERR_GENERIC],
    [new TypeError("bug"), OcfExit.ERR_GENERIC],
  ])("%s → %i, with the reason", (error, code) => {
    const outcome = outcomeOf(error);
    expect(outcome.code).toBe(code);
    expect("reason" in outcome && outcome.reason).toContain(error.message);
  });

  it.each([
    [new ConfigurationError("gone", {}, { reason: ErrorReasons.notFound }), OcfExit.ERR_CONFIGURED],
    [new ConfigurationError("bad", {}, { reason: ErrorReasons.malformed }), OcfExit.ERR_CONFIGURED],
    [new ConfigurationError("eni", {}, { reason: ErrorReasons.targetRefused }), OcfExit.ERR_ARGS],
    [new ConfigurationError("argv", {}, { reason: ErrorReasons.argument }), OcfExit.ERR_ARGS],
    [new ConfigurationError("new 4xx", {}, { reason: ErrorReasons.rejected }), OcfExit.ERR_GENERIC],
    [new PermissionError("denied"), OcfExit.ERR_PERM],
    [new TransientError("slow down", {}, { reason: ErrorReasons.throttled }), OcfExit.ERR_GENERIC],
    [new TransientError("503", {}, { reason: ErrorReasons.unavailable }), OcfExit.ERR_GENERIC],
    [new TransientError("late", {}, { reason: ErrorReasons.deadline }), OcfExit.ERR_GENERIC],
    [new ConflictError("moved", undefined), OcfExit.ERR_GENERIC],
  ])("reason of %s → %i, whatever the message says", (error, code) => {
    expect(outcomeOf(error)).toEqual({ code, reason: error.message });
  });

  it("the table has one row per reason", () => {
    expect(Object.keys(EXIT_BY_REASON).sort()).toEqual(Object.values(ErrorReasons).sort());
  });

  const sdkError = (name: string, status: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  it.each([
    ["UnauthorizedOperation", 403, OcfExit.ERR_PERM],
    ["AuthFailure", 401, OcfExit.ERR_PERM],
    ["InvalidAllocationID.NotFound", 400, OcfExit.ERR_CONFIGURED],
    ["InvalidNetworkInterfaceID.NotFound", 400, OcfExit.ERR_ARGS],
    ["RequestLimitExceeded", 503, OcfExit.ERR_GENERIC],
    ["InternalError", 500, OcfExit.ERR_GENERIC],
    // a 4xx that does not say the input is wrong: recover (1), do not stop the resource everywhere (6)
    ["IncorrectState", 400, OcfExit.ERR_GENERIC],
  ])("%s → %i", async (name, status, code) => {
    ec2.reset();
    ec2.on(DescribeAddressesCommand).rejects(sdkError(name, status));
    const ctx = { ...context(), deadline: deadlineIn(300) };
    const error = await monitor(ctx).catch((e) => e);
    expect(outcomeOf(error).code).toBe(code);
  });
});
