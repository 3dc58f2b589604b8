import { DeleteAlarmsCommand, DeleteDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateNetworkInterfaceCommand,
  DeleteTagsCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { DisableRuleCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, embeddedClients } from "../../../../cli/clients.ts";
import { DOCTOR_CLIENT, doctorExit, doctorOf } from "../../../../cli/doctor/command.ts";
import type { CheckResult } from "../../../../cli/doctor/types.ts";
import { CONTROLLER_CLIENT } from "../../../../cli/drill/controller.ts";
import { deployClassic, embeddedDoc } from "../../../../cli/embedded.ts";
import { putCluster, putStatusAlarm } from "../../../../cli/harness/index.ts";
import { embeddedSession } from "../../../../cli/session.ts";
import type { StackResources } from "../../../../cli/stack/types.ts";
import { CLUSTER_TAG_KEY } from "../../../../core/index.ts";
import type { LogEntry } from "../../../../sim/proxy.ts";
import type { Region } from "../../../../sim/region.ts";
import { useRegion } from "../../../support/region.ts";
import { jsonOf, runCli } from "../run-cli.ts";

const failed = (results: readonly CheckResult[]) => results.filter((r) => !r.ok).map((r) => r.what);

/**
 * What the doctor may call: reads, and the dead-letter peek that leaves every message visible ("lambda" is
 * GetFunctionConfiguration: the proxy names a REST call by its service).
 */
const READ_ONLY = /^(Describe|List|Get)|^ReceiveMessage$|^lambda$/;

const STRANGER = "i-0123456789abcdef0";
const NO_TABLE = "rtb-0123456789abcdef0";

/** The cluster document with its one route changed by `over`. */
const withRoute = (r: Region, over: { destination?: string; routeTableIds?: string[] }) => {
  const doc = embeddedDoc(r);
  return { ...doc, routes: [{ ...doc.routes[0]!, ...over }] };
};

/** B's subnet's route table (the second that holds the overlay). */
const tableB = (r: Region) => r.topology.overlay.routeTableIds[1]!;

/** One broken setup: how to break a correct deployment, and exactly the ✗ it must yield. */
interface Broken {
  readonly name: string;
  readonly breakIt: (region: Region, console: AwsClients, stack: StackResources) => Promise<unknown>;
  readonly expected: (region: Region, stack: StackResources) => (string | RegExp)[];
}

const MATRIX: readonly Broken[] = [
  {
    name: "the stack's dashboard deleted",
    breakIt: (_, c, stack) =>
      c.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: [stack.dashboardName] })),
    expected: (_, stack) => [
      `the CloudWatch dashboard ${stack.dashboardName} exists (failovers, phase latency, no standby, fencing, throttling, dead letters)`,
    ],
  },
  {
    name: "an untagged ENI",
    breakIt: (r, c) =>
      c.ec2.send(
        new DeleteTagsCommand({
          Resources: [r.topology.nodes.B.networkInterfaceId],
          Tags: [{ Key: CLUSTER_TAG_KEY }],
        }),
      ),
    expected: ({ topology: { nodes } }) => [
      `member ${nodes.B.instanceId}'s network interface ${nodes.B.networkInterfaceId} is tagged ${CLUSTER_TAG_KEY}=web`,
    ],
  },
  {
    name: "IMDSv1 allowed",
    breakIt: (r, c) =>
      c.ec2.send(
        new ModifyInstanceMetadataOptionsCommand({
          InstanceId: r.topology.nodes.A.instanceId,
          HttpTokens: "optional",
        }),
      ),
    expected: ({ topology: { nodes } }) => [
      `member ${nodes.A.instanceId} requires IMDSv2 (HttpTokens=required, hop limit ≥ 1; has optional, 1)`,
    ],
  },
  {
    name: "no alarm for a member",
    breakIt: (r, c, s) =>
      c.cloudwatch.send(
        new DeleteAlarmsCommand({ AlarmNames: [`${s.alarmPrefix}${r.topology.nodes.B.instanceId}`] }),
      ),
    expected: ({ topology: { nodes } }, s) => [
      `member ${nodes.B.instanceId} has its status alarm ${s.alarmPrefix}${nodes.B.instanceId}`,
    ],
  },
  {
    name: "an orphan alarm",
    breakIt: (_, c, s) => putStatusAlarm(c.cloudwatch, s.alarmPrefix, STRANGER),
    expected: (_, s) => [
      `status alarm ${s.alarmPrefix}${STRANGER} watches ${STRANGER}, which is in no cluster document`,
    ],
  },
  {
    name: "an invalid document",
    breakIt: (_, c) => putCluster(c.ssm, "db", "{ not json"),
    expected: () => [/^cluster document \/eip-failover\/clusters\/db is valid \(\(document\): not JSON/],
  },
  {
    name: "a disabled rule",
    breakIt: (_, c, s) => c.events.send(new DisableRuleCommand({ Name: s.rules.StatusAlarmRule })),
    expected: (_, s) => [
      `EventBridge rule StatusAlarmRule (${s.rules.StatusAlarmRule}) exists and is enabled (is DISABLED)`,
    ],
  },
  {
    name: "a non-empty dead-letter queue",
    breakIt: async (_, c, s) => {
      for (const body of ["one", "two"])
        await c.sqs.send(new SendMessageCommand({ QueueUrl: s.deadLetterQueueUrl, MessageBody: body }));
    },
    expected: () => ["the dead-letter queue is empty (holds 2 messages, the oldest 0 min old)"],
  },
  {
    name: "source/destination check enabled on a member's routed interface",
    breakIt: (r, c) =>
      c.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: r.topology.nodes.B.networkInterfaceId,
          SourceDestCheck: { Value: true },
        }),
      ),
    expected: ({ topology: { nodes } }) => [
      `member ${nodes.B.instanceId}'s routed interface ${nodes.B.networkInterfaceId} has source/destination check disabled (enabled)`,
    ],
  },
  {
    name: "the overlay IP inside the VPC's CIDR",
    breakIt: (r, c) => putCluster(c.ssm, "web", withRoute(r, { destination: "10.0.0.99/32" })),
    expected: ({ topology }) => [
      `overlay 10.0.0.99/32 is outside every CIDR of ${topology.vpcId} (falls in 10.0.0.0/16)`,
    ],
  },
  {
    name: "a listed route table that does not exist",
    breakIt: (r, c) =>
      putCluster(
        c.ssm,
        "web",
        withRoute(r, { routeTableIds: [...r.topology.overlay.routeTableIds, NO_TABLE] }),
      ),
    // the controller's self-check meets the missing table too, and says which error it got
    expected: () => [
      `route table ${NO_TABLE} (listed for 192.168.100.10/32) exists`,
      new RegExp(
        `^the controller may ec2:DescribeRouteTables on rtb-\\w+,rtb-\\w+,${NO_TABLE} \\(proven from inside the Lambda: InvalidRouteTableID\\.NotFound\\)$`,
      ),
    ],
  },
  {
    name: "a listed route table associated with no subnet",
    breakIt: async (r, c) => {
      const out = await c.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableB(r)] }));
      const association = out.RouteTables?.[0]?.Associations?.[0]?.RouteTableAssociationId;
      await c.ec2.send(new DisassociateRouteTableCommand({ AssociationId: association }));
    },
    expected: (r) => [
      `route table ${tableB(r)} (listed for 192.168.100.10/32) exists and is associated with a subnet (0 subnets)`,
    ],
  },
  {
    name: "a listed route table that sends the overlay to a non-member's interface",
    // On the truth: the doctor reports a state it finds, not a change it watches lag.
    breakIt: async (r) => {
      const { NetworkInterface: spare } = await r.truth.send(
        new CreateNetworkInterfaceCommand({ SubnetId: r.topology.nodes.B.subnetId }),
      );
      const to = { NetworkInterfaceId: spare?.NetworkInterfaceId };
      await r.truth.send(
        new ReplaceRouteCommand({
          RouteTableId: tableB(r),
          DestinationCidrBlock: "192.168.100.10/32",
          ...to,
        }),
      );
    },
    expected: (r) => [
      new RegExp(
        `^route table ${tableB(r)} sends 192\\.168\\.100\\.10/32 to a member's interface \\(network interface eni-[0-9a-f]+.*, no member's\\)$`,
      ),
    ],
  },
  {
    name: "DryRun denied (the proxy answers the controller's DryRun AssociateAddress UnauthorizedOperation)",
    breakIt: async (r) =>
      r.proxy.setFaults([
        {
          action: "AssociateAddress",
          dryRun: true,
          client: CONTROLLER_CLIENT,
          fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
        },
      ]),
    expected: ({ topology: { eip } }) => [
      new RegExp(
        `^the controller may ec2:AssociateAddress on ${eip.allocationId}.* \\(proven from inside the Lambda: UnauthorizedOperation\\)$`,
      ),
    ],
  },
];

/** The route checks of the embedded deployment, all passing: 2 members' interfaces, the CIDR, 2 tables × 2. */
function routeLines({ topology: { nodes, overlay, vpcId } }: Region): string[] {
  const [a, b] = overlay.routeTableIds;
  const table = (id: string | undefined) => [
    `route table ${id} (listed for 192.168.100.10/32) exists and is associated with a subnet (1 subnet)`,
    `route table ${id} sends 192.168.100.10/32 to a member's interface (${nodes.A.instanceId}'s ${nodes.A.networkInterfaceId})`,
  ];
  return [
    `member ${nodes.A.instanceId}'s routed interface ${nodes.A.networkInterfaceId} has source/destination check disabled`,
    `member ${nodes.B.instanceId}'s routed interface ${nodes.B.networkInterfaceId} has source/destination check disabled`,
    `overlay 192.168.100.10/32 is outside every CIDR of ${vpcId} (10.0.0.0/16)`,
    ...table(a),
    ...table(b),
  ];
}

/** A call that changed something: a mutating EC2 call that was not a DryRun, or any call but a read. */
const changed = (e: LogEntry) => (e.mutating && !e.dryRun) || (!e.mutating && !READ_ONLY.test(e.action));

describe("eip-failover doctor against the sim", () => {
  const sim = useRegion();
  beforeEach(async () => {
    await deployClassic(sim.region);
  });
  const session = () => embeddedSession(sim.region, DOCTOR_CLIENT);

  it("a correct deployment passes all 41 checks in 14 read-only calls (and the controller's 10 for its self-check)", async () => {
    // Act
    const results = await doctorOf(await session(), { cluster: "web" });
    // Assess
    expect(failed(results)).toEqual([]);
    expect(results).toHaveLength(41);
    // moto leaves MaintenanceOptions out: taken as EC2's default, and said so; the line is informational
    expect(results.filter((r) => r.id === "member.auto-recovery").map((r) => [r.subject, r.ok])).toEqual([
      [sim.region.topology.nodes.A.instanceId, true],
      [sim.region.topology.nodes.B.instanceId, true],
    ]);
    expect(results.find((r) => r.id === "member.auto-recovery")?.what).toContain(
      "EC2 auto-recovery default (EC2 did not say; taken as its default",
    );
    expect(
      results.filter((r) => /routed interface|overlay|route table/.test(r.what)).map((r) => r.what),
    ).toEqual(routeLines(sim.region));
    expect(
      results
        .filter((r) => r.what.includes("proven from inside the Lambda"))
        .map((r) => r.what.split(" on ")[0]),
    ).toEqual([
      "the controller may ssm:GetParametersByPath",
      "the controller may ec2:DescribeInstanceStatus",
      "the controller may ec2:DescribeAddresses",
      "the controller may ec2:AssociateAddress",
      "the controller may ec2:DisassociateAddress",
      "the controller may ec2:DescribeRouteTables",
      "the controller may ec2:ReplaceRoute",
      "the controller may ec2:ReplaceRoute",
      "the controller may ec2:StopInstances",
      "the controller may ec2:StopInstances",
    ]);
    expect(doctorExit(results)).toBe(0);
    const calls = sim.region.proxy.log.entries().filter((e) => e.client === DOCTOR_CLIENT);
    expect(calls.map((e) => e.action).sort()).toEqual([
      "DescribeAddresses",
      "DescribeAlarms",
      "DescribeAlarms", // the members' recover alarms, over the account's alarms
      "DescribeInstances",
      "DescribeNetworkInterfaces",
      "DescribeRouteTables",
      "DescribeStacks",
      "DescribeVpcs",
      "GetDashboard",
      "GetParametersByPath",
      "GetQueueAttributes",
      "ListRules",
      "ListStackResources",
      "lambda", // GetFunctionConfiguration: the proxy names a REST call by its service
    ]);
  });

  it.each(MATRIX)("$name: exactly its ✗, exit 1, and the doctor mutates nothing", async (row) => {
    // Prepare
    const console = embeddedClients(sim.region, "console");
    const before = await session();
    await row.breakIt(sim.region, console, before.stack);
    sim.region.proxy.log.clear();
    // Act
    const results = await doctorOf(await session(), { cluster: undefined });
    // Assess
    expect(failed(results)).toEqual(
      row
        .expected(sim.region, before.stack)
        .map((e) => (typeof e === "string" ? e : expect.stringMatching(e))),
    );
    expect(doctorExit(results)).toBe(1);
    const calls = sim.region.proxy.log.entries();
    expect(calls.filter(changed).map((e) => `${e.client} ${e.action}`)).toEqual([]);
    console.destroy();
  });
});

describe("npx eip-failover doctor --embedded (the command, its own embedded region)", () => {
  it("--json: it says it looked at the embedded region, every check passes and it exits 0", async () => {
    const run = await runCli(["doctor", "--embedded", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf<{ source: unknown }>(run)?.source).toEqual({ kind: "embedded" });
    const checks = jsonOf<{ checks: CheckResult[] }>(run)?.checks ?? [];
    expect(checks.length).toBe(41);
    expect(failed(checks)).toEqual([]);
  });
});
