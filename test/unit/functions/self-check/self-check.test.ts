import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DescribeRouteTablesCommand,
  DisassociateAddressCommand,
  EC2Client,
  ReplaceRouteCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Cluster } from "../../../../functions/clusters/schema.ts";
import {
  createSelfCheck,
  NOT_CHECKED,
  selfCheckOf,
  withSelfCheck,
} from "../../../../functions/self-check/self-check.ts";
import type { Deps } from "../../../../functions/types.ts";
import { alarmStateChange, instanceStateChange } from "../../../../sim/events.ts";
import { awsError } from "../../../support/aws-error.ts";
import { ENI_A, ENI_B, T1, T2 } from "../../../support/routes.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const ASSOC = "eipassoc-0aaaaaaaaaaaaaaa1";
const PREFIX = "/eip-failover/clusters/";
const onA = {
  AllocationId: ALLOC,
  PublicIp: "203.0.113.10",
  Domain: "vpc",
  AssociationId: ASSOC,
  InstanceId: A,
} as const;
const web: Cluster = {
  name: "web",
  addresses: [{ allocationId: ALLOC }],
  routes: [],
  members: [{ instanceId: A }, { instanceId: B }],
  fencing: "stop",
  graceSeconds: 0,
};
const status = (id: string, az: string, ok = "ok") => ({
  InstanceId: id,
  AvailabilityZone: az,
  InstanceState: { Name: "running" as const },
  InstanceStatus: { Status: ok as "ok" },
  SystemStatus: { Status: ok as "ok" },
});
const allowed = () => awsError("DryRunOperation", 412);
const denied = () => awsError("UnauthorizedOperation", 403);

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => {
  ec2.restore();
  ssm.restore();
});
const logs: { level: string; extra?: Record<string, unknown> }[] = [];
const deps: Deps = {
  ec2: new EC2Client({ region: "ap-northeast-1" }),
  ssm: new SSMClient({ region: "ap-northeast-1" }),
  log: Object.fromEntries(
    ["debug", "info", "warn", "error"].map((level) => [
      level,
      (_: string, extra?: Record<string, unknown>) => logs.push({ level, extra }),
    ]),
  ) as unknown as Deps["log"],
  metrics: { addMetric: () => {} },
  clock: Date.now,
  sleep: async () => {},
  dryRun: false,
};
const context = { getRemainingTimeInMillis: () => 60_000 };
/** Fresh mocks: `cluster` the only document, both members running with checks ok. */
const storeOnly = (cluster: Cluster) => {
  ec2.reset();
  ssm.reset();
  logs.length = 0;
  ssm
    .on(GetParametersByPathCommand)
    .resolves({ Parameters: [{ Name: `${PREFIX}web`, Value: JSON.stringify(cluster) }] });
  ec2.on(DescribeInstanceStatusCommand).resolves({
    InstanceStatuses: [status(A, "ap-northeast-1a"), status(B, "ap-northeast-1c")],
  });
};
const selfCheck = createSelfCheck(deps, PREFIX);
/** Every EC2 command sent, as [command, DryRun]. */
const sent = () =>
  ec2.calls().map((c) => {
    const command = c.args[0];
    return [command.constructor.name, (command.input as { DryRun?: boolean }).DryRun ?? false];
  });

describe("selfCheckOf: only the exact top-level shape of a direct invocation is a self-check", () => {
  it.each([
    ["the exact shape", { "eip-failover": "self-check", cluster: "web" }, "web"],
    ["another value", { "eip-failover": "selfcheck", cluster: "web" }, undefined],
    ["a key more", { "eip-failover": "self-check", cluster: "web", source: "aws.ec2" }, undefined],
    ["no cluster", { "eip-failover": "self-check" }, undefined],
    ["a cluster that is not a string", { "eip-failover": "self-check", cluster: ["web"] }, undefined],
    [
      "the shape inside an event's detail",
      { detail: { "eip-failover": "self-check", cluster: "web" } },
      undefined,
    ],
    ["an array", [{ "eip-failover": "self-check", cluster: "web" }], undefined],
    ["null", null, undefined],
    ["a string", "self-check", undefined],
    ["an EC2 state change", instanceStateChange({ instanceId: A, state: "stopped" }), undefined],
    ["an alarm", alarmStateChange({ alarmName: "x", instanceId: A, state: "ALARM" }), undefined],
  ])("%s → %s", (_, event, expected) => {
    expect(selfCheckOf(event)).toBe(expected);
  });

  it("routes the self-check to the self-check and every other event to the failover", async () => {
    // Prepare
    const failover = vi.fn(async () => "failover report");
    const check = vi.fn(async (cluster: string) => ({ selfCheck: cluster, checks: [] }));
    const route = withSelfCheck(check, failover);
    const event = instanceStateChange({ instanceId: A, state: "stopped" });
    // Act
    const answers = [
      await route(event, context),
      await route({ "eip-failover": "self-check", cluster: "web" }, context),
    ];
    // Assess
    expect(answers).toEqual(["failover report", { selfCheck: "web", checks: [] }]);
    expect(failover).toHaveBeenCalledExactlyOnceWith(event, context);
    expect(check).toHaveBeenCalledExactlyOnceWith("web", context);
  });
});

describe("the self-check of one cluster's real resources", () => {
  beforeEach(() => {
    storeOnly(web);
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(AssociateAddressCommand).rejects(allowed());
    ec2.on(DisassociateAddressCommand).rejects(allowed());
    ec2.on(StopInstancesCommand).rejects(allowed());
  });

  it("all allowed: one item per permission, every move and stop a DryRun, the address to the standby", async () => {
    // Act
    const report = await selfCheck("web", context);
    // Assess
    const ok = (action: string, resource: string, code = "DryRunOperation") => ({
      action,
      resource,
      allowed: true,
      code,
    });
    expect(report).toEqual({
      selfCheck: "web",
      checks: [
        ok("ssm:GetParametersByPath", PREFIX, "Success"),
        ok("ec2:DescribeInstanceStatus", `${A},${B}`, "Success"),
        ok("ec2:DescribeAddresses", ALLOC, "Success"),
        ok("ec2:AssociateAddress", ALLOC),
        ok("ec2:DisassociateAddress", ALLOC),
        ok("ec2:StopInstances", A),
        ok("ec2:StopInstances", B),
      ],
    });
    expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(1);
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: true,
      InstanceId: B,
      DryRun: true,
    });
    expect(ec2.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({
      AssociationId: ASSOC,
      DryRun: true,
    });
    expect(sent().filter(([name]) => !String(name).startsWith("Describe"))).toEqual([
      ["AssociateAddressCommand", true],
      ["DisassociateAddressCommand", true],
      ["StopInstancesCommand", true],
      ["StopInstancesCommand", true],
    ]);
  });

  it("a denied DryRun is an item not allowed, with EC2's code and core's reason", async () => {
    ec2.on(DisassociateAddressCommand).rejects(denied());
    const report = await selfCheck("web", context);
    expect(report.checks.filter((c) => !c.allowed)).toEqual([
      {
        action: "ec2:DisassociateAddress",
        resource: ALLOC,
        allowed: false,
        code: "UnauthorizedOperation",
        reason: "permission",
      },
    ]);
    expect(logs.at(-1)).toMatchObject({
      level: "warn",
      extra: { denied: [`ec2:DisassociateAddress ${ALLOC}: UnauthorizedOperation`] },
    });
  });

  it("no healthy standby: the address is asked to move to the other member all the same", async () => {
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a"), status(B, "ap-northeast-1c", "impaired")],
    });
    await selfCheck("web", context);
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toMatchObject({ InstanceId: B });
  });

  it("an address held by nobody: no DisassociateAddress to ask", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolves({ Addresses: [{ AllocationId: ALLOC, PublicIp: "203.0.113.10", Domain: "vpc" }] });
    const report = await selfCheck("web", context);
    expect(report.checks.map((c) => c.action)).not.toContain("ec2:DisassociateAddress");
    expect(report.checks.every((c) => c.allowed)).toBe(true);
  });

  it("an unknown cluster: an error naming the value and the known clusters, and no EC2 call", async () => {
    const report = await selfCheck("db", context);
    expect(report).toEqual({
      selfCheck: "db",
      checks: [{ action: "ssm:GetParametersByPath", resource: PREFIX, allowed: true, code: "Success" }],
      error: "unknown cluster: 'db' (known: web)",
    });
    expect(ec2.calls()).toHaveLength(0);
  });

  it("the documents unreadable: the read is the item not allowed, and the error says where", async () => {
    ssm.on(GetParametersByPathCommand).rejects(awsError("AccessDeniedException", 400));
    const report = await selfCheck("web", context);
    expect(report).toEqual({
      selfCheck: "web",
      checks: [
        {
          action: "ssm:GetParametersByPath",
          resource: PREFIX,
          allowed: false,
          code: "AccessDeniedException",
          reason: "permission",
        },
      ],
      error: `cannot read the cluster documents under ${PREFIX}: AccessDeniedException`,
    });
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe("the self-check of an overlay-only cluster's routes", () => {
  const V6 = "fd00:ec2::10/128";
  const overlay: Cluster = {
    ...web,
    addresses: [],
    routes: [{ destination: V6, routeTableIds: [T1, T2] }],
    members: [
      { instanceId: A, networkInterfaceId: ENI_A },
      { instanceId: B, networkInterfaceId: ENI_B },
    ],
  };
  beforeEach(() => {
    storeOnly(overlay);
    ec2.on(StopInstancesCommand).rejects(allowed());
    ec2.on(ReplaceRouteCommand).rejects(allowed());
  });

  it("an IPv6 route: ReplaceRoute to what is there, DryRun; a table at a gateway is NotChecked and logged", async () => {
    // Prepare: T1 routes the overlay to A, T2 to an internet gateway
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: T1,
          Routes: [{ DestinationIpv6CidrBlock: V6, NetworkInterfaceId: ENI_A, State: "active" }],
        },
        { RouteTableId: T2, Routes: [{ DestinationIpv6CidrBlock: V6, GatewayId: "igw-0123456789abcdef0" }] },
      ],
    });
    // Act
    const report = await selfCheck("web", context);
    // Assess
    expect(report.checks.filter((c) => c.action.includes("Route"))).toEqual([
      { action: "ec2:DescribeRouteTables", resource: `${T1},${T2}`, allowed: true, code: "Success" },
      { action: "ec2:ReplaceRoute", resource: T1, allowed: true, code: "DryRunOperation" },
      { action: "ec2:ReplaceRoute", resource: T2, allowed: false, code: NOT_CHECKED, reason: "conflict" },
    ]);
    expect(ec2.commandCalls(ReplaceRouteCommand).map((c) => c.args[0].input)).toEqual([
      { RouteTableId: T1, NetworkInterfaceId: ENI_A, DestinationIpv6CidrBlock: V6, DryRun: true },
    ]);
    expect(logs).toContainEqual({
      level: "warn",
      extra: expect.objectContaining({
        routeTableId: T2,
        destination: V6,
        why: expect.stringContaining("igw-"),
      }),
    });
  });

  it("a route table that does not exist: the read is the item not allowed, and no ReplaceRoute is asked", async () => {
    ec2.on(DescribeRouteTablesCommand).rejects(awsError("InvalidRouteTableID.NotFound", 400));
    const report = await selfCheck("web", context);
    expect(report.checks.filter((c) => !c.allowed)).toEqual([
      {
        action: "ec2:DescribeRouteTables",
        resource: `${T1},${T2}`,
        allowed: false,
        code: "InvalidRouteTableID.NotFound",
        reason: "not-found",
      },
    ]);
    expect(ec2.commandCalls(ReplaceRouteCommand)).toEqual([]);
  });
});
