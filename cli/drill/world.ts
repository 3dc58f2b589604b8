// The drill's own hands on the region: it injects failures and checks outcomes straight against moto, not
// through the proxy, so the proxy log (the timeline's AWS calls) holds only what the actors under test did.
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { destinationOf, hostRoute, toRouteHop } from "../../core/index.ts";
import { simEc2, simSsm } from "../../sim/clients.ts";
import type { Region } from "../../sim/region.ts";
import type { AddressCheck, RouteCheck } from "./types.ts";

export interface World {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
}

/**
 * Clients straight to moto, bypassing the proxy's log and throttling. Their calls are the drill's setup and
 * checks, not the actors under test, so they may wait for moto as long as it takes to describe a storm's
 * thousands of instances (5 s was not enough for 2,000 on a slow machine).
 */
export function worldOf(region: Region): World {
  return {
    ec2: simEc2(region.moto.endpoint, { requestTimeoutMs: 120_000 }),
    ssm: simSsm(region.moto.endpoint),
  };
}

/** A cluster document as the controller reads it from Parameter Store. */
export interface ClusterDoc {
  readonly name: string;
  readonly addresses: readonly { readonly allocationId: string }[];
  readonly routes?: readonly { readonly destination: string; readonly routeTableIds: readonly string[] }[];
  readonly members: readonly { readonly instanceId: string; readonly networkInterfaceId?: string }[];
  readonly fencing: "none" | "stop" | "reboot";
  readonly graceSeconds: number;
  readonly pacemaker?: { readonly reconcileCommand: string };
  readonly dryRun?: boolean;
}

/** Stops instances the way a console user or an AZ failure would, in batches EC2 accepts. */
export async function stopInstances(world: World, ids: readonly string[], force = false): Promise<void> {
  for (let i = 0; i < ids.length; i += 100)
    await world.ec2.send(new StopInstancesCommand({ InstanceIds: ids.slice(i, i + 100), Force: force }));
}

/** Instance state by id, for every instance moto knows. */
export async function instanceStates(world: World): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await world.ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken }));
    for (const r of page.Reservations ?? [])
      for (const i of r.Instances ?? []) if (i.InstanceId) states.set(i.InstanceId, i.State?.Name ?? "");
    NextToken = page.NextToken;
  } while (NextToken);
  return states;
}

/**
 * Allocation id → the instance holding it now. moto names no instance for an address associated by interface
 * (EC2 names the interface's instance, and the sim's proxy does too); the drill asks moto directly, so it reads
 * the interface's attachment itself.
 */
async function addressHolders(ec2: EC2Client): Promise<Map<string, string | undefined>> {
  const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
  const enis = addresses.flatMap((a) =>
    !a.InstanceId && a.NetworkInterfaceId ? [a.NetworkInterfaceId] : [],
  );
  const attached = new Map<string, string | undefined>();
  if (enis.length > 0) {
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: enis }));
    for (const ni of out.NetworkInterfaces ?? [])
      if (ni.NetworkInterfaceId) attached.set(ni.NetworkInterfaceId, ni.Attachment?.InstanceId);
  }
  return new Map(
    addresses.flatMap((a) =>
      a.AllocationId
        ? [[a.AllocationId, a.InstanceId || attached.get(a.NetworkInterfaceId ?? "") || undefined]]
        : [],
    ),
  );
}

/** Where each address is now and in what state its holder is, as moto says. */
export async function checkAddresses(
  world: World,
  expected: readonly { cluster: string; allocationId: string; before: string | undefined }[],
): Promise<AddressCheck[]> {
  const holder = await addressHolders(world.ec2);
  const states = await instanceStates(world);
  return expected.map((e) => {
    const after = holder.get(e.allocationId);
    return { ...e, after, afterState: after ? states.get(after) : undefined };
  });
}

/** One destination across route tables, and the instance whose interface held it before the failure. */
export interface ExpectedRoute {
  readonly cluster: string;
  readonly destination: string;
  readonly routeTableIds: readonly string[];
  readonly before: string | undefined;
}

/**
 * Where each route entry points now, as moto says (one DescribeRouteTables for every table), named by the
 * instance that owns the target interface (`owners`: interface id → instance id).
 */
export async function checkRoutes(
  world: World,
  expected: readonly ExpectedRoute[],
  owners: ReadonlyMap<string, string>,
): Promise<RouteCheck[]> {
  const ids = [...new Set(expected.flatMap((e) => e.routeTableIds))];
  const out = await world.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ids }));
  const states = await instanceStates(world);
  return expected.flatMap((e) =>
    e.routeTableIds.map((routeTableId) => {
      const table = out.RouteTables?.find((t) => t.RouteTableId === routeTableId);
      const route = table?.Routes?.find((r) => destinationOf(r) === hostRoute(e.destination));
      const hop = route ? toRouteHop(route) : undefined;
      const eni = hop && !hop.blackhole ? hop.networkInterfaceId : undefined;
      const after = eni ? (owners.get(eni) ?? eni) : undefined;
      return {
        cluster: e.cluster,
        destination: e.destination,
        routeTableId,
        before: e.before,
        after,
        afterState: after ? states.get(after) : undefined,
      };
    }),
  );
}
