import { DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  AssociateAddressCommand,
  DisassociateAddressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createDrillSweep } from "../../../cli/drill/sweep.ts";
import { holder as holderOf } from "../../../cli/harness/index.ts";
import { deadlineIn, locate, observeRoutes } from "../../../core/index.ts";
import { alarmFor, DEFAULT_ALARM_PREFIX } from "../../../functions/index.ts";
import type { Region } from "../../../sim/region.ts";
import { parameterStoreChange, scheduledEvent } from "../../../sim/schedule.ts";
import { allocateEip } from "../../../sim/topology.ts";
import { classicCluster, putCluster } from "../../support/controller.ts";
import { useRegion } from "../../support/region.ts";

const GRACE = 30;

/** The classic cluster with the topology's overlay route in both subnets' tables; members name their ENIs. */
function withRoutes(region: Region, over: Record<string, unknown> = {}) {
  const { nodes, overlay } = region.topology;
  return classicCluster(region, {
    routes: [{ destination: overlay.destination, routeTableIds: [...overlay.routeTableIds] }],
    members: [nodes.A, nodes.B].map((n) => ({
      instanceId: n.instanceId,
      networkInterfaceId: n.networkInterfaceId,
    })),
    ...over,
  });
}

describe("the sweep against the sim: a lost event made good, alarms kept to the documents", () => {
  const sim = useRegion();
  const nodes = () => sim.region.topology.nodes;
  const eip = () => sim.region.topology.eip.allocationId;
  const holder = () => holderOf(sim.region.truth, eip());
  /** The sweep with its clock `ahead` ms after the real one: a grace window passes without waiting. */
  const sweepAt = (ahead = 0) =>
    createDrillSweep(sim.region, () => {}, { dryRun: false, clock: () => Date.now() + ahead }).invoke(
      scheduledEvent({ ruleName: "sweep" }),
    );
  const lambdaCalls = () =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda")
      .map((e) => `${e.service} ${e.action}`);
  const alarmNames = async () =>
    ((await sim.region.cloudwatch("test").send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [])
      .map((a) => a.AlarmName)
      .sort();
  const console = () => sim.region.ec2("console");
  /** The interface the EIP is on now (a member with an interface gets it there; moto then names no instance). */
  const addressOn = async () =>
    (await locate(sim.region.truth, { allocationId: eip() }, { deadline: deadlineIn(30_000) })).association
      ?.networkInterfaceId;
  /** A terminated, and its EIP with it: EC2 drops the association with the interface; moto keeps it, so this does that part. */
  const terminateA = async () => {
    await console().send(new TerminateInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
    await console().send(
      new DisassociateAddressCommand({ AssociationId: sim.region.topology.eip.associationId }),
    );
  };
  /** Where each overlay table points now. */
  const routedTo = async () => {
    const seen = await observeRoutes(sim.region.truth, sim.region.topology.overlay, {
      deadline: deadlineIn(30_000),
    });
    return seen.tables.map((t) => t.route?.networkInterfaceId);
  };

  it("a healthy fleet of three clusters costs three reads (documents, addresses, statuses) and one alarm listing", async () => {
    // Prepare: three clusters, each with its own address on A
    const admin = sim.region.ec2("admin");
    await putCluster(sim.region, "web", classicCluster(sim.region));
    for (const name of ["db", "cache"]) {
      const { allocationId } = await allocateEip(admin, name, name);
      await admin.send(
        new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: nodes().A.instanceId }),
      );
      await putCluster(sim.region, name, classicCluster(sim.region, { name, addresses: [{ allocationId }] }));
    }
    await sweepAt(); // the first sweep creates the alarms
    sim.region.proxy.log.clear();
    // Act
    const report = await sweepAt();
    // Assess
    expect(report).toMatchObject({
      trigger: "schedule",
      addresses: [],
      waiting: 0,
      alarms: { put: [], deleted: [] },
    });
    expect(lambdaCalls().sort()).toEqual([
      "cloudwatch DescribeAlarms",
      "ec2 DescribeAddresses",
      "ec2 DescribeInstanceStatus",
      "ssm GetParametersByPath",
    ]);
  });

  it("routes add exactly one call for all clusters together: one DescribeRouteTables, only when some cluster lists routes", async () => {
    // Prepare: web with the EIP and the overlay in both tables, an overlay-only cluster, a classic one
    const admin = sim.region.ec2("admin");
    await putCluster(sim.region, "web", withRoutes(sim.region));
    await putCluster(sim.region, "overlay", withRoutes(sim.region, { name: "overlay", addresses: [] }));
    const { allocationId } = await allocateEip(admin, "db", "db");
    await admin.send(
      new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: nodes().A.instanceId }),
    );
    await putCluster(
      sim.region,
      "db",
      classicCluster(sim.region, { name: "db", addresses: [{ allocationId }] }),
    );
    await sweepAt();
    sim.region.proxy.log.clear();
    // Act
    const report = await sweepAt();
    // Assess
    expect(report).toMatchObject({ addresses: [], waiting: 0, alarms: { put: [], deleted: [] } });
    expect(lambdaCalls().sort()).toEqual([
      "cloudwatch DescribeAlarms",
      "ec2 DescribeAddresses",
      "ec2 DescribeInstanceStatus",
      "ec2 DescribeRouteTables",
      "ssm GetParametersByPath",
    ]);
  });

  it("a missed stop event: the address waits out graceSeconds from A's state transition, then moves to B", async () => {
    // Prepare
    await putCluster(sim.region, "web", classicCluster(sim.region, { graceSeconds: GRACE }));
    await console().send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
    // Act: inside the window, then once it has passed
    const inside = await sweepAt();
    const after = await sweepAt((GRACE + 2) * 1000);
    // Assess
    expect(inside).toMatchObject({ addresses: [], waiting: 1 });
    expect(after.addresses).toEqual([
      expect.objectContaining({
        cluster: "web",
        allocationId: eip(),
        from: nodes().A.instanceId,
        to: nodes().B.instanceId,
        // the report (and its notice) says the grace window the sweep held
        timings: expect.objectContaining({ graceMs: GRACE * 1000 }),
        result: expect.objectContaining({
          outcome: "moved",
          from: nodes().A.instanceId,
          to: nodes().B.instanceId,
        }),
      }),
    ]);
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("a missed stop event with routes: after the window the sweep moves the EIP and the overlay route in both tables to B, as one set", async () => {
    // Prepare: the EIP and 192.168.100.10/32 (both subnets' tables) on A; A stops and its event is lost
    const { overlay } = sim.region.topology;
    await putCluster(sim.region, "web", withRoutes(sim.region, { graceSeconds: GRACE, fencing: "stop" }));
    await console().send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
    // Act: inside the window, then once it has passed
    const inside = await sweepAt();
    const after = await sweepAt((GRACE + 2) * 1000);
    // Assess
    expect(inside).toMatchObject({ addresses: [], routes: [], waiting: 2 });
    const moved = { outcome: "moved", from: nodes().A.instanceId, to: nodes().B.instanceId };
    expect(after.addresses.map((a) => a.result)).toEqual([expect.objectContaining(moved)]);
    expect(after.routes).toEqual([
      expect.objectContaining({
        cluster: "web",
        destination: overlay.destination,
        from: nodes().A.instanceId,
        to: nodes().B.instanceId,
        result: expect.objectContaining({ outcome: "moved" }),
      }),
    ]);
    expect(await addressOn()).toBe(nodes().B.networkInterfaceId);
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, nodes().B.networkInterfaceId]);
    // one set: A was already stopped, so no fence; one ReplaceRoute per table, one AssociateAddress
    expect(sim.region.proxy.log.count({ client: "lambda", action: "StopInstances" })).toBe(0);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "ReplaceRoute" })).toBe(2);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "AssociateAddress" })).toBe(1);
  });

  it("an overlay-only cluster: A impaired past the window, the sweep fences A once and moves both tables to B", async () => {
    await putCluster(
      sim.region,
      "web",
      withRoutes(sim.region, { addresses: [], fencing: "stop", graceSeconds: GRACE }),
    );
    sim.region.proxy.setImpaired([nodes().A.instanceId]);
    expect((await sweepAt()).waiting).toBe(1);
    const report = await sweepAt((GRACE + 2) * 1000);
    expect(report.addresses).toEqual([]);
    expect(report.routes.map((r) => r.result)).toEqual([
      expect.objectContaining({ outcome: "moved", to: nodes().B.instanceId }),
    ]);
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, nodes().B.networkInterfaceId]);
    expect(sim.region.proxy.log.count({ client: "lambda", action: "StopInstances" })).toBe(1);
  });

  it("a terminated A with routes: the orphaned EIP is placed at once, and the route moves with it (one set, no window)", async () => {
    await putCluster(sim.region, "web", withRoutes(sim.region, { graceSeconds: GRACE }));
    await terminateA();
    const report = await sweepAt();
    expect([...report.addresses, ...report.routes].map((r) => r.result)).toEqual([
      expect.objectContaining({ outcome: "moved", to: nodes().B.instanceId }),
      expect.objectContaining({ outcome: "moved", to: nodes().B.instanceId }),
    ]);
    expect(await addressOn()).toBe(nodes().B.networkInterfaceId);
    expect(await routedTo()).toEqual([nodes().B.networkInterfaceId, nodes().B.networkInterfaceId]);
  });

  it("status checks impaired since before the window (ImpairedSince): fenced, then moved, as the alarm path would", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "stop", graceSeconds: GRACE }));
    sim.region.proxy.setImpaired([nodes().A.instanceId]);
    expect((await sweepAt()).waiting).toBe(1);
    const report = await sweepAt((GRACE + 2) * 1000);
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
    expect(sim.region.proxy.log.count({ client: "lambda", action: "StopInstances" })).toBe(1);
  });

  it("a terminated holder left the address unassociated: the sweep places it on B", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region, { graceSeconds: GRACE }));
    await terminateA();
    const report = await sweepAt();
    expect(report.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("A and B both down: no standby, nothing moved; B starts again: the next sweep moves it to B", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region));
    await console().send(
      new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId, nodes().B.instanceId] }),
    );
    const down = await sweepAt();
    expect(down.addresses[0]?.result.outcome).toBe("no-standby");
    await console().send(new StartInstancesCommand({ InstanceIds: [nodes().B.instanceId] }));
    const back = await sweepAt();
    expect(back.addresses[0]?.result).toMatchObject({ outcome: "moved", to: nodes().B.instanceId });
  });

  it("a document change sets the alarms: one per member, a removed member's deleted, an alarm outside the prefix untouched", async () => {
    // Prepare: somebody else's alarm, and a stale one under the prefix
    const cw = sim.region.cloudwatch("admin");
    await cw.send(new PutMetricAlarmCommand({ ...alarmFor("billing-", "i-0123456789abcdef0") }));
    await cw.send(new PutMetricAlarmCommand(alarmFor(DEFAULT_ALARM_PREFIX, "i-0123456789abcdef0")));
    await putCluster(sim.region, "web", classicCluster(sim.region));
    const change = parameterStoreChange({ name: "/eip-failover/clusters/web", operation: "Create" });
    // Act
    const report = await createDrillSweep(sim.region, () => {}, { dryRun: false }).invoke(change);
    // Assess
    expect(report.trigger).toBe("document-change");
    expect(await alarmNames()).toEqual(
      [
        "billing-i-0123456789abcdef0",
        `${DEFAULT_ALARM_PREFIX}${nodes().A.instanceId}`,
        `${DEFAULT_ALARM_PREFIX}${nodes().B.instanceId}`,
      ].sort(),
    );
    expect(lambdaCalls().filter((c) => c.startsWith("ec2"))).toEqual([]); // a document change moves nothing
  });
});
