import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DisassociateAddressCommand,
  EC2Client,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../functions/clusters/schema.ts";
import { createFailover } from "../../../../functions/event/failover.ts";
import type { Deps } from "../../../../functions/types.ts";
import { alarmStateChange, instanceStateChange } from "../../../../sim/events.ts";

// Each phase's timing is read off the injected clock, which each fake AWS call moves on by a known amount.
const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const onA = {
  AllocationId: ALLOC,
  PublicIp: "203.0.113.10",
  Domain: "vpc",
  AssociationId: "eipassoc-0a",
  InstanceId: A,
};
const T0 = Date.parse("2026-11-30T01:00:00Z");
const COST = {
  DescribeAddresses: 5,
  DescribeInstanceStatus: 7,
  StopInstances: 300,
  Disassociate: 40,
  Associate: 60,
  SendCommand: 900,
};

const ec2 = mockClient(EC2Client);
const ssm = mockClient(SSMClient);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => {
  ec2.restore();
  ssm.restore();
});
let now = T0;
const took =
  <T>(ms: number, out: T) =>
  () => {
    now += ms;
    return out;
  };
const running = (id: string, ok: "ok" | "impaired") => ({
  InstanceId: id,
  AvailabilityZone: "ap-northeast-1a",
  InstanceState: { Name: "running" as const },
  InstanceStatus: { Status: ok },
  SystemStatus: { Status: ok },
});

function controller(cluster: Partial<Cluster>) {
  const deps: Deps = {
    ec2: new EC2Client({ region: "ap-northeast-1" }),
    ssm: new SSMClient({ region: "ap-northeast-1" }),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    metrics: { addMetric() {} },
    clock: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    dryRun: false,
  };
  const full: Cluster = {
    name: "web",
    addresses: [{ allocationId: ALLOC }],
    routes: [],
    members: [{ instanceId: A }, { instanceId: B }],
    fencing: "none",
    graceSeconds: 0,
    ...cluster,
  };
  return createFailover(deps, async () => ({ clusters: [full], invalid: [] }));
}
const context = { getRemainingTimeInMillis: () => 60_000 };

describe("the phase timings of a decision", () => {
  beforeEach(() => {
    ec2.reset();
    ssm.reset();
    now = T0;
    ec2.on(DescribeAddressesCommand).callsFake(took(COST.DescribeAddresses, { Addresses: [onA] }));
    ec2.on(StopInstancesCommand).callsFake(
      took(COST.StopInstances, {
        StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping" } }],
      }),
    );
    ec2.on(DisassociateAddressCommand).callsFake(took(COST.Disassociate, {}));
    ec2.on(AssociateAddressCommand).callsFake(took(COST.Associate, { AssociationId: "eipassoc-0b" }));
    ssm.on(SendCommandCommand).callsFake(took(COST.SendCommand, { Command: { CommandId: "cmd-1" } }));
  });

  it("fence, move and reconcile each take what their calls took; event lag is the delivery delay", async () => {
    // Prepare: A is impaired, B healthy; the alarm's event reaches the controller 2 s after AWS's time
    ec2
      .on(DescribeInstanceStatusCommand)
      .callsFake(
        took(COST.DescribeInstanceStatus, { InstanceStatuses: [running(A, "impaired"), running(B, "ok")] }),
      );
    const failover = controller({
      fencing: "stop",
      pacemaker: { reconcileCommand: "crm_resource --refresh" },
    });
    now = T0 + 2_000;
    // Act
    const report = await failover(
      alarmStateChange({ alarmName: "a", instanceId: A, state: "ALARM", time: T0 }),
      context,
    );
    // Assess
    expect(report.addresses[0]).toMatchObject({ from: A, to: B, publicIp: "203.0.113.10" });
    expect(report.addresses[0]?.timings).toEqual({
      eventLagMs: 2_000,
      graceMs: 0,
      fenceMs: COST.StopInstances,
      moveMs: COST.Disassociate + COST.Associate,
      reconcileMs: COST.SendCommand,
    });
  });

  it("after a grace window: the window is its own phase, the lag is what is left; unrun phases are absent", async () => {
    // Prepare: A stopped at T0, a 30 s window; the recheck invocation starts 31.5 s after AWS's time
    ec2.on(DescribeInstanceStatusCommand).callsFake(
      took(COST.DescribeInstanceStatus, {
        InstanceStatuses: [
          { ...running(A, "ok"), InstanceState: { Name: "stopped" as const } },
          running(B, "ok"),
        ],
      }),
    );
    const failover = controller({ graceSeconds: 30 });
    now = T0 + 31_500;
    // Act
    const report = await failover(
      instanceStateChange({ instanceId: A, state: "stopped", time: T0 }),
      context,
    );
    // Assess
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(report.addresses[0]?.timings).toEqual({
      eventLagMs: 1_500,
      graceMs: 30_000,
      moveMs: COST.Disassociate + COST.Associate,
    });
  });

  it("no standby: from is the failed holder, no 'to', no phase ran", async () => {
    ec2.on(DescribeInstanceStatusCommand).callsFake(
      took(COST.DescribeInstanceStatus, {
        InstanceStatuses: [running(A, "impaired"), running(B, "impaired")],
      }),
    );
    const failover = controller({});
    const report = await failover(
      alarmStateChange({ alarmName: "a", instanceId: A, state: "ALARM", time: T0 }),
      context,
    );
    expect(report.addresses[0]?.result.outcome).toBe("no-standby");
    expect(report.addresses[0]).toMatchObject({ from: A, timings: { eventLagMs: 0, graceMs: 0 } });
    expect(report.addresses[0]).not.toHaveProperty("to");
    expect(Object.keys(report.addresses[0]?.timings ?? {})).toEqual(["eventLagMs", "graceMs"]);
  });
});
