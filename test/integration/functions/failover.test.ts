import { setTimeout as sleep } from "node:timers/promises";
import { AssociateAddressCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { deadlineIn, observeMembers } from "../../../core/index.ts";
import { alarmStateChange, instanceStateChange } from "../../../sim/events.ts";
import {
  classicCluster,
  invokeInOwnProcess,
  lambdaContext,
  putCluster,
  useBuiltHandler,
} from "../../support/controller.ts";
import { untilDecided } from "../../support/recheck.ts";

describe("the built Lambda handler against the sim", () => {
  const { sim, handler } = useBuiltHandler();
  // What the controller did, read from the truth: reads through the proxy lag its moves (as EC2's do).
  const holder = () => holderOf(sim.region.truth, sim.region.topology.eip.allocationId);
  const stopA = () =>
    sim.region
      .ec2("console")
      .send(new StopInstancesCommand({ InstanceIds: [sim.region.topology.nodes.A.instanceId] }));
  const stoppedA = () =>
    instanceStateChange({ instanceId: sim.region.topology.nodes.A.instanceId, state: "stopped" });

  it("instance A stopped → the EIP lands on B by compare-and-swap", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "moved",
      to: sim.region.topology.nodes.B.instanceId,
    });
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "DisassociateAddress" })).toBe(1);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "AssociateAddress" })).toBe(1);
  });

  it("status alarm on A → the EIP lands on B", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    sim.region.proxy.setImpaired([sim.region.topology.nodes.A.instanceId]); // what the alarm saw
    const alarm = alarmStateChange({
      alarmName: "eip-failover-dev-status-A",
      instanceId: sim.region.topology.nodes.A.instanceId,
      state: "ALARM",
    });
    const report = await handler(alarm, lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
  });

  it("a duplicate event → exactly one move", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await stopA();
    const event = stoppedA();
    await handler(event, lambdaContext());
    const second = await handler(event, lambdaContext());
    expect(second.addresses[0]?.result.outcome).toBe("skipped");
    expect(sim.region.proxy.log.count({ client: "lambda", action: "AssociateAddress" })).toBe(1);
  });

  it("Pacemaker moved it during the grace window → 'waiting' at once, then no move by the controller", async () => {
    // Prepare
    await putCluster(sim.region, "web", classicCluster(sim.region, { graceSeconds: 2 }));
    const event = stoppedA();
    // Act: the first invocation returns at once; Pacemaker moves the address before the recheck
    const first = await handler(event, lambdaContext());
    await sim.region.ec2("nodeB").send(
      new AssociateAddressCommand({
        AllocationId: sim.region.topology.eip.allocationId,
        InstanceId: sim.region.topology.nodes.B.instanceId,
        AllowReassociation: true,
      }),
    );
    const reports = await untilDecided(
      (e) => handler(e, lambdaContext()),
      event,
      (ms) => sleep(ms),
    );
    // Assess
    expect(first.addresses[0]?.result.outcome).toBe("waiting");
    expect(first.recheckInSeconds).toBeGreaterThan(0);
    // Its look may still show A (Pacemaker's move lags): then A, which the event said stopped, is found running
    // (Pacemaker moved the address, nobody stopped A), or its disassociate of A's association is refused and the
    // read after the lag bound shows B. Whichever it sees first, it stands down, and changes nothing.
    expect(reports.at(-1)?.addresses[0]?.result).toMatchObject({
      outcome: "skipped",
      reason: expect.stringMatching(/already handled|already on instance|has recovered since the event/),
    });
    expect(sim.region.proxy.log.count({ client: "lambda", action: "AssociateAddress" })).toBe(0);
    expect(
      sim.region.proxy.log.entries().filter((e) => e.client === "lambda" && e.mutating && e.status === 200),
    ).toEqual([]);
    expect(await holder()).toBe(sim.region.topology.nodes.B.instanceId);
  });

  it("a concurrent move between observe and act → conflict, no override", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    // Prepare: while the controller's first DescribeInstanceStatus waits (after it observed the address on A),
    // "someone" (Pacemaker recovering on A) re-associates the EIP: a new association the controller did not
    // observe. The proxy runs that move at this exact point, so no timer decides the race.
    const reassociateA = () =>
      sim.region.ec2("operator").send(
        new AssociateAddressCommand({
          AllocationId: sim.region.topology.eip.allocationId,
          InstanceId: sim.region.topology.nodes.A.instanceId,
          AllowReassociation: true,
        }),
      );
    sim.region.proxy.setFaults([
      {
        action: "DescribeInstanceStatus",
        client: "lambda",
        calls: [1],
        fault: { kind: "interleave", run: reassociateA },
      },
    ]);
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "conflict",
      holder: expect.stringContaining(sim.region.topology.nodes.A.instanceId),
    });
    expect(sim.region.proxy.log.count({ client: "lambda", action: "AssociateAddress" })).toBe(0);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("both members down → no move", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    const { A, B } = sim.region.topology.nodes;
    await sim.region
      .ec2("console")
      .send(new StopInstancesCommand({ InstanceIds: [A.instanceId, B.instanceId] }));
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("no-standby");
    expect(sim.region.proxy.log.mutatingCount()).toBe(1); // the console's StopInstances only
    expect(await holder()).toBe(A.instanceId);
  });

  it("fencing 'stop' → A is stopping before the move", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "stop" }));
    sim.region.proxy.setImpaired([sim.region.topology.nodes.A.instanceId]); // what the alarm saw
    const alarm = alarmStateChange({
      alarmName: "eip-failover-dev-status-A",
      instanceId: sim.region.topology.nodes.A.instanceId,
      state: "ALARM",
    });
    const report = await handler(alarm, lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    const actions = sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda" && e.mutating)
      .map((e) => e.action);
    expect(actions).toEqual(["StopInstances", "DisassociateAddress", "AssociateAddress"]);
    const health = await observeMembers(sim.region.truth, [sim.region.topology.nodes.A.instanceId], {
      deadline: deadlineIn(5000),
    });
    expect(["stopping", "stopped"]).toContain(health[0]?.state);
  });

  it("dry-run → the plan, and zero mutating calls in the proxy log", async () => {
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, {
        dryRun: true,
        fencing: "stop",
        pacemaker: { reconcileCommand: "crm_resource --refresh" },
      }),
    );
    // A keeps running but fails its checks: the plan is to fence it, move, and reconcile
    sim.region.proxy.setImpaired([sim.region.topology.nodes.A.instanceId]);
    const alarm = alarmStateChange({
      alarmName: "eip-failover-dev-status-A",
      instanceId: sim.region.topology.nodes.A.instanceId,
      state: "ALARM",
    });
    const report = await handler(alarm, lambdaContext());
    expect(report.addresses[0]?.result).toMatchObject({
      outcome: "planned",
      plan: expect.arrayContaining([expect.stringMatching(/^StopInstances /)]),
    });
    expect(
      sim.region.proxy.log
        .entries()
        .filter((e) => e.client === "lambda" && (e.mutating || e.action === "SendCommand")),
    ).toEqual([]);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("DRY_RUN=TRUE in the deployment's environment → the plan for every cluster, zero mutating calls", async () => {
    // A process of its own: the deployment's environment is read once, at cold start.
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "stop" }));
    await stopA();
    const { report } = await invokeInOwnProcess(sim.region, stoppedA(), {
      POWERTOOLS_LOG_LEVEL: "SILENT",
      DRY_RUN: "TRUE",
    });
    expect(report.addresses[0]?.result.outcome).toBe("planned");
    expect(sim.region.proxy.log.entries().filter((e) => e.client === "lambda" && e.mutating)).toEqual([]);
    expect(await holder()).toBe(sim.region.topology.nodes.A.instanceId);
  });

  it("an invalid config document → a clear error, the other clusters still served", async () => {
    await putCluster(sim.region, "broken", '{"name": "broken", "fencing": "maybe"');
    await putCluster(sim.region, "bad-fencing", {
      ...classicCluster(sim.region),
      name: "bad",
      fencing: "restart",
    });
    await putCluster(
      sim.region,
      "web",
      classicCluster(sim.region, { pacemaker: { reconcileCommand: "crm_resource --refresh" } }),
    );
    await stopA();
    const report = await handler(stoppedA(), lambdaContext());
    expect(report.invalidClusters).toBe(2);
    expect(report.addresses).toHaveLength(1);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", commandId: expect.any(String) });
    expect(sim.region.proxy.log.count({ client: "lambda", action: "SendCommand" })).toBe(1);
  });

  it("an event for an instance in no cluster, and a poison event, are dropped without throwing", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    expect((await handler({ source: "evil", detail: "x".repeat(300_000) }, lambdaContext())).trigger).toBe(
      "malformed",
    );
    const other = await handler(
      instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "terminated" }),
      lambdaContext(),
    );
    expect(other.addresses).toEqual([]);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
  });
});
