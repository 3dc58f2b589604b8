import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DisassociateAddressCommand,
  type EC2Client,
  ReplaceRouteCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simEc2 } from "../../../sim/clients.ts";
import { NO_LAG } from "../../../sim/consistency.ts";
import { type SimProxy, startProxy } from "../../../sim/proxy.ts";
import { useRegion } from "../../support/region.ts";

const LAG_MS = 2_000;

// A second proxy in front of the region's moto, on a clock the tests move by hand: every change lags exactly
// LAG_MS (the draw is fixed), so what shows when depends on that clock only, never on how fast the machine is.
describe("EC2's read-after-write lag at the sim proxy", () => {
  const sim = useRegion();
  const clock = { now: 1_700_000_000_000 };
  let proxy: SimProxy;
  let ec2: EC2Client;
  beforeAll(async () => {
    proxy = await startProxy({
      target: sim.region.moto.endpoint,
      clock: () => clock.now,
      random: () => 0,
      consistency: { minMs: LAG_MS, maxMs: LAG_MS },
    });
    ec2 = simEc2(proxy.endpoint, { requestTimeoutMs: 60_000 });
  });
  beforeEach(() => {
    proxy.settle();
    proxy.log.clear();
    proxy.setConsistency({ minMs: LAG_MS, maxMs: LAG_MS });
  });
  afterAll(async () => {
    ec2.destroy();
    await proxy.stop();
  });

  const holder = async (client: EC2Client) => {
    const { allocationId } = sim.region.topology.eip;
    const out = await client.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
    return out.Addresses?.[0];
  };

  it("an address moved shows on its old holder until the lag has passed; writes stay exact", async () => {
    // Prepare
    const { nodes, eip } = sim.region.topology;
    // Act: B takes the address through the lagging proxy
    const out = await ec2.send(
      new AssociateAddressCommand({
        AllocationId: eip.allocationId,
        NetworkInterfaceId: nodes.B.networkInterfaceId,
        PrivateIpAddress: nodes.B.privateIp,
        AllowReassociation: true,
      }),
    );
    // Assess: the truth moved at once, reads still show A, and the log says the answer was stale
    expect((await holder(sim.region.truth))?.InstanceId).toBe(nodes.B.instanceId);
    const stale = await holder(ec2);
    expect(stale).toMatchObject({
      InstanceId: nodes.A.instanceId,
      NetworkInterfaceId: nodes.A.networkInterfaceId,
      PrivateIpAddress: nodes.A.privateIp,
      AssociationId: eip.associationId,
    });
    expect(proxy.log.entries().filter((e) => e.action === "DescribeAddresses")).toMatchObject([
      { stale: true },
    ]);
    // A's old association is gone in truth: disassociating it fails although reads still show it.
    await expect(
      ec2.send(new DisassociateAddressCommand({ AssociationId: eip.associationId })),
    ).rejects.toMatchObject({ name: expect.stringMatching(/NotFound/) });
    clock.now += LAG_MS - 1;
    expect((await holder(ec2))?.InstanceId).toBe(nodes.A.instanceId);
    clock.now += 1;
    const shown = await holder(ec2);
    expect(shown?.InstanceId).toBe(nodes.B.instanceId);
    expect(shown?.AssociationId).toBe(out.AssociationId);
    expect(proxy.log.entries().at(-1)?.stale).toBeUndefined();
  });

  it("a route replaced shows its old target until the lag has passed", async () => {
    // Prepare
    const { nodes, overlay } = sim.region.topology;
    const routeTableId = overlay.routeTableIds[0]!;
    const target = async (client: EC2Client) => {
      const out = await client.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }));
      return out.RouteTables?.[0]?.Routes?.find((r) => r.DestinationCidrBlock === overlay.destination)
        ?.NetworkInterfaceId;
    };
    // Act
    await ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: routeTableId,
        DestinationCidrBlock: overlay.destination,
        NetworkInterfaceId: nodes.B.networkInterfaceId,
      }),
    );
    // Assess
    expect(await target(sim.region.truth)).toBe(nodes.B.networkInterfaceId);
    expect(await target(ec2)).toBe(nodes.A.networkInterfaceId);
    clock.now += LAG_MS - 1;
    expect(await target(ec2)).toBe(nodes.A.networkInterfaceId);
    clock.now += 1;
    expect(await target(ec2)).toBe(nodes.B.networkInterfaceId);
  });

  it("an instance stopped shows running in DescribeInstances and DescribeInstanceStatus until the lag has passed", async () => {
    // Prepare
    const id = sim.region.topology.nodes.B.instanceId;
    const states = async (client: EC2Client) => {
      const [described, status] = await Promise.all([
        client.send(new DescribeInstancesCommand({ InstanceIds: [id] })),
        client.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true })),
      ]);
      return [
        described.Reservations?.[0]?.Instances?.[0]?.State?.Name,
        status.InstanceStatuses?.[0]?.InstanceState?.Name,
      ];
    };
    // Act
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    // Assess
    expect(await states(sim.region.truth)).toEqual(["stopped", "stopped"]);
    expect(await states(ec2)).toEqual(["running", "running"]);
    clock.now += LAG_MS;
    expect(await states(ec2)).toEqual(["stopped", "stopped"]);
  });

  it("with no lag, reads are exact and no answer is marked stale", async () => {
    // Exact reads on purpose: this is the lag switched off.
    proxy.setConsistency(NO_LAG);
    const { nodes, eip } = sim.region.topology;
    await ec2.send(
      new AssociateAddressCommand({
        AllocationId: eip.allocationId,
        InstanceId: nodes.B.instanceId,
        AllowReassociation: true,
      }),
    );
    expect((await holder(ec2))?.InstanceId).toBe(nodes.B.instanceId);
    expect(proxy.log.entries().some((e) => e.stale)).toBe(false);
  });
});
