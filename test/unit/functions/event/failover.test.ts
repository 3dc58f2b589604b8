import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DisassociateAddressCommand,
  EC2Client,
  type InstanceStateName,
  StopInstancesCommand,
  type SummaryStatus,
} from "@aws-sdk/client-ec2";
import { SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../functions/clusters/schema.ts";
import { clustersOf, createFailover, RetryableFailover } from "../../../../functions/event/failover.ts";
import type { Deps } from "../../../../functions/types.ts";
import { alarmStateChange, instanceStateChange } from "../../../../sim/events.ts";
import { untilDecided } from "../../../support/recheck.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const C = "i-0ccccccccccccccc1";
const ALLOC = "eipalloc-0123456789abcdef0";
const ASSOC = "eipassoc-0aaaaaaaaaaaaaaa1";
const onA = {
  AllocationId: ALLOC,
  PublicIp: "203.0.113.10",
  Domain: "vpc",
  AssociationId: ASSOC,
  InstanceId: A,
} as const;
const onB = { ...onA, AssociationId: "eipassoc-0bbbbbbbbbbbbbbb1", InstanceId: B };
const status = (id: string, az: string, state: InstanceStateName = "running", ok: SummaryStatus = "ok") => ({
  InstanceId: id,
  AvailabilityZone: az,
  InstanceState: { Name: state },
  InstanceStatus: { Status: ok },
  SystemStatus: { Status: ok },
});

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => {
  ec2.restore();
  ssm.restore();
});
const logs: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
const metrics: string[] = [];
const cluster = (over: Partial<Cluster> = {}): Cluster => ({
  name: "web",
  addresses: [{ allocationId: ALLOC }],
  routes: [],
  members: [{ instanceId: A }, { instanceId: B }],
  fencing: "none",
  graceSeconds: 0,
  ...over,
});
/** When the failure happened, by AWS's clock (the events' time), and where the fake clock starts. */
const T0 = Date.parse("2026-11-30T01:00:00Z");
const slept: number[] = [];
function failover(clusters: Cluster[], dryRun = false) {
  let now = T0;
  const deps: Deps = {
    ec2: new EC2Client({ region: "ap-northeast-1" }),
    ssm: new SSMClient({ region: "ap-northeast-1" }),
    log: Object.fromEntries(
      ["debug", "info", "warn", "error"].map((level) => [
        level,
        (message: string, extra?: Record<string, unknown>) => logs.push({ level, message, extra }),
      ]),
    ) as unknown as Deps["log"],
    metrics: { addMetric: (name) => metrics.push(name) },
    clock: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    dryRun,
  };
  const handler = createFailover(deps, async () => ({
    clusters,
    invalid: [{ parameter: "/p/bad", field: "fencing", why: "invalid option" }],
  }));
  return Object.assign(handler, {
    /** As the decisions queue runs it: invoke, let the recheck's wait pass on the fake clock, invoke again. */
    decided: (event: unknown) =>
      untilDecided(
        (e) => handler(e, context),
        event,
        async (ms) => {
          now += ms;
        },
      ),
  });
}
const context = { getRemainingTimeInMillis: () => 60_000 };
const stopped = instanceStateChange({ instanceId: A, state: "stopped", time: T0 });
const alarmOnA = alarmStateChange({ alarmName: "web-A-status", instanceId: A, state: "ALARM", time: T0 });
const transientError = () =>
  Object.assign(new Error("slow down"), { name: "RequestLimitExceeded", $metadata: { httpStatusCode: 503 } });

describe("the controller's decisions", () => {
  beforeEach(() => {
    ec2.reset();
    ssm.reset();
    logs.length = 0;
    metrics.length = 0;
    slept.length = 0;
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        status(A, "ap-northeast-1a", "stopped", "not-applicable"),
        status(B, "ap-northeast-1c"),
      ],
    });
    ec2.on(DisassociateAddressCommand).resolves({});
    ec2.on(AssociateAddressCommand).resolves({ AssociationId: "eipassoc-0ccccccccccccccc1" });
  });

  it("A stopped → compare-and-swap to B: disassociate A's association, associate without reassociation", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const report = await failover([cluster()])(stopped, context);
    expect(report.addresses[0]?.result).toEqual({ outcome: "moved", from: A, to: B });
    expect(ec2.commandCalls(DisassociateAddressCommand)[0]?.args[0].input).toEqual({ AssociationId: ASSOC });
    expect(ec2.commandCalls(AssociateAddressCommand)[0]?.args[0].input).toEqual({
      AllocationId: ALLOC,
      AllowReassociation: false,
      InstanceId: B,
    });
    expect(metrics).toContain("FailoverExecuted");
    expect(metrics).toContain("FailoverLatencyMs");
    expect(report.invalidClusters).toBe(1);
    expect(
      logs.some((l) => l.message.includes("invalid cluster document") && l.extra?.parameter === "/p/bad"),
    ).toBe(true);
  });

  it("an address no longer on the failed instance is skipped without a mutating call", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onB] });
    const report = await failover([cluster()])(stopped, context);
    expect(report.addresses[0]?.result.outcome).toBe("skipped");
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
    expect(metrics).toEqual(["FailoverSkipped"]);
  });

  it("inside the grace window the controller answers 'waiting' at once; Pacemaker's move makes it stand down", async () => {
    // Prepare: A holds the address at the first look, B (Pacemaker) holds it when the window has ended
    ec2
      .on(DescribeAddressesCommand)
      .resolvesOnce({ Addresses: [onA] })
      .resolves({ Addresses: [onB] });
    // Act
    const reports = await failover([cluster({ graceSeconds: 10 })]).decided(stopped);
    // Assess
    expect(reports.map((r) => r.addresses[0]?.result.outcome)).toEqual(["waiting", "skipped"]);
    expect(reports[0]?.recheckInSeconds).toBe(10);
    expect(reports[1]?.recheckInSeconds).toBeUndefined();
    expect(reports[1]?.addresses[0]?.result).toMatchObject({
      reason: expect.stringContaining("already handled"),
    });
    expect(slept).toEqual([]); // no invocation waited
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeAddressesCommand)).toHaveLength(2);
  });

  it("no healthy standby → no move, NoHealthyStandby, an error log", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        status(A, "ap-northeast-1a", "stopped"),
        status(B, "ap-northeast-1c", "running", "impaired"),
      ],
    });
    const report = await failover([cluster()])(stopped, context);
    expect(report.addresses[0]?.result.outcome).toBe("no-standby");
    expect(metrics).toContain("NoHealthyStandby");
    expect(logs.some((l) => l.level === "error" && l.message.includes("no healthy standby"))).toBe(true);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
  });

  it("prefers a standby in another AZ over configured order", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        status(A, "ap-northeast-1a", "stopped"),
        status(C, "ap-northeast-1a"),
        status(B, "ap-northeast-1c"),
      ],
    });
    const report = await failover([
      cluster({ members: [{ instanceId: A }, { instanceId: C }, { instanceId: B }] }),
    ])(stopped, context);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", to: B });
  });

  it("fencing 'stop' force-stops a still-running failed node before the move", async () => {
    const alarm = alarmOnA;
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a", "running", "impaired"), status(B, "ap-northeast-1c")],
    });
    ec2
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping", Code: 64 } }] });
    const report = await failover([cluster({ fencing: "stop" })])(alarm, context);
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(ec2.commandCalls(StopInstancesCommand)[0]?.args[0].input).toEqual({
      InstanceIds: [A],
      Force: true,
      SkipOsShutdown: true,
    });
    const order = ec2.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf("StopInstancesCommand")).toBeLessThan(order.indexOf("DisassociateAddressCommand"));
  });

  it("a fencing failure stops the move for that cluster", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a", "running", "impaired"), status(B, "ap-northeast-1c")],
    });
    ec2
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "running", Code: 16 } }] });
    const report = await failover([cluster({ fencing: "stop" })])(alarmOnA, context);
    expect(report.addresses[0]?.result.outcome).toBe("fencing-failed");
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
  });

  it("a concurrent move between observe and act is a conflict: no override", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolvesOnce({ Addresses: [onA] })
      .resolves({ Addresses: [{ ...onA, AssociationId: "eipassoc-0ddddddddddddddd1", InstanceId: C }] });
    ec2.on(DisassociateAddressCommand).rejects(
      Object.assign(new Error("gone"), {
        name: "InvalidAssociationID.NotFound",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const report = await failover([cluster()])(stopped, context);
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "conflict",
      holder: expect.stringContaining(C),
    });
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
    expect(metrics).toContain("FailoverConflict");
  });

  it("dry-run logs the whole plan and makes no mutating call", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    const report = await failover(
      [cluster({ pacemaker: { reconcileCommand: "crm_resource --refresh" } })],
      true,
    )(stopped, context);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "planned" });
    const plan = report.addresses[0]?.result.outcome === "planned" ? report.addresses[0].result.plan : [];
    expect(plan.join("\n")).toMatch(/DisassociateAddress .*\nAssociateAddress .*\nSSM AWS-RunShellScript/);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it("the real run carries out exactly the dry run's plan, in order", async () => {
    // Prepare: A still runs but fails its checks, so the plan is fence, move, reconcile
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a", "running", "impaired"), status(B, "ap-northeast-1c")],
    });
    ec2
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping", Code: 64 } }] });
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-1" } });
    const web = cluster({ fencing: "stop", pacemaker: { reconcileCommand: "crm_resource --refresh" } });
    // Act
    const dry = await failover([web], true)(alarmOnA, context);
    const real = await failover([web])(alarmOnA, context);
    // Assess
    const plan = dry.addresses[0]?.result.outcome === "planned" ? dry.addresses[0].result.plan : [];
    const carriedOut = logs
      .filter((l) => l.message === "carrying out")
      .flatMap((l) => l.extra?.step as string[]);
    expect(plan).toHaveLength(4);
    expect(carriedOut).toEqual(plan);
    expect(real.addresses[0]?.result.outcome).toBe("moved");
    const calls = [...ec2.calls(), ...ssm.calls()]
      .map((c) => (c.args[0] as object).constructor.name)
      .filter((name) => !name.startsWith("Describe"));
    expect(calls).toEqual([
      "StopInstancesCommand",
      "DisassociateAddressCommand",
      "AssociateAddressCommand",
      "SendCommandCommand",
    ]);
  });

  it("reconciles Pacemaker on the new holder through Run Command and records the command id", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-1" } });
    const report = await failover([cluster({ pacemaker: { reconcileCommand: "crm_resource --refresh" } })])(
      stopped,
      context,
    );
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", commandId: "cmd-1" });
    expect(ssm.commandCalls(SendCommandCommand)[0]?.args[0].input).toMatchObject({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [B],
      // Pacemaker reads where the address is only once EC2 shows the move: the script waits out the lag bound
      Parameters: {
        commands: [
          "sleep 3",
          `for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
        ],
      },
    });
  });

  it("an address the failed instance's termination detached is claimed for the standby, no disassociate", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolves({ Addresses: [{ AllocationId: ALLOC, PublicIp: "203.0.113.10", Domain: "vpc" }] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        status(A, "ap-northeast-1a", "terminated", "not-applicable"),
        status(B, "ap-northeast-1c"),
      ],
    });
    const terminated = instanceStateChange({ instanceId: A, state: "terminated", time: T0 });
    const report = await failover([cluster({ fencing: "stop" })])(terminated, context);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", to: B });
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it("an address someone released on purpose is not placed on a merely stopped member's event", async () => {
    ec2
      .on(DescribeAddressesCommand)
      .resolves({ Addresses: [{ AllocationId: ALLOC, PublicIp: "203.0.113.10", Domain: "vpc" }] });
    const report = await failover([cluster()])(stopped, context);
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringContaining("associated with nothing"),
    });
    expect(ec2.commandCalls(AssociateAddressCommand)).toHaveLength(0);
  });

  it("a late or retried event about a node that recovered neither fences it nor takes its address", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a"), status(B, "ap-northeast-1c")],
    });
    for (const event of [stopped, alarmOnA]) {
      const report = await failover([cluster({ fencing: "stop" })])(event, context);
      expect(report.addresses[0]?.result).toMatchObject({
        outcome: "skipped",
        reason: expect.stringContaining("has recovered"),
      });
    }
    expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
  });

  it("throttled fencing is retried by Lambda, not abandoned", async () => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [onA] });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [status(A, "ap-northeast-1a", "running", "impaired"), status(B, "ap-northeast-1c")],
    });
    ec2.on(StopInstancesCommand).rejects(transientError());
    await expect(
      failover([cluster({ fencing: "stop" })])(alarmOnA, { getRemainingTimeInMillis: () => 8_000 }),
    ).rejects.toBeInstanceOf(RetryableFailover);
    expect(ec2.commandCalls(DisassociateAddressCommand)).toHaveLength(0);
  });

  it("the grace window is the cluster's and counts from AWS's event time: a late event waits only what is left", async () => {
    // Prepare: two addresses on A; the event arrives 4 s after AWS saw A stop
    const ALLOC2 = "eipalloc-0fedcba9876543210";
    ec2.on(DescribeAddressesCommand).callsFake((input: { AllocationIds?: string[] }) => ({
      Addresses: [{ ...onA, AllocationId: input.AllocationIds?.[0] ?? ALLOC }],
    }));
    const late = instanceStateChange({ instanceId: A, state: "stopped", time: T0 - 4_000 });
    const web = cluster({ graceSeconds: 10, addresses: [{ allocationId: ALLOC }, { allocationId: ALLOC2 }] });
    // Act
    const reports = await failover([web]).decided(late);
    // Assess
    expect(reports[0]?.addresses.map((a) => a.result)).toEqual([
      expect.objectContaining({ outcome: "waiting", until: T0 + 6_000 }),
      expect.objectContaining({ outcome: "waiting", until: T0 + 6_000 }),
    ]);
    expect(reports[0]?.recheckInSeconds).toBe(6);
    expect(reports.at(-1)?.addresses.map((a) => a.result.outcome)).toEqual(["moved", "moved"]);
  });

  it("a transient failure is retried by Lambda: the handler throws after handling the rest", async () => {
    ec2.on(DescribeAddressesCommand).rejects(transientError());
    await expect(
      failover([cluster()])(stopped, { getRemainingTimeInMillis: () => 3_000 }),
    ).rejects.toBeInstanceOf(RetryableFailover);
  });

  it("bad events and instances in no cluster are dropped without throwing", async () => {
    expect((await failover([cluster()])({ hello: "world" }, context)).trigger).toBe("malformed");
    const report = await failover([cluster()])(
      instanceStateChange({ instanceId: C, state: "stopped", time: T0 }),
      context,
    );
    expect(report.addresses).toEqual([]);
    expect(logs.some((l) => l.message.includes("in no configured cluster"))).toBe(true);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe("clustersOf: the clusters an event's failed instance belongs to", () => {
  const web = { name: "web", members: [{ instanceId: A }, { instanceId: B }] } as Cluster;
  const db = { name: "db", members: [{ instanceId: B }] } as Cluster;

  it("finds every cluster the failed instance is a member of, and none it is not", () => {
    expect(clustersOf([web, db], A)).toEqual([web]);
    expect(clustersOf([web, db], B)).toEqual([web, db]);
    expect(clustersOf([web, db], "i-0ccccccccccccccc1")).toEqual([]);
  });
});
