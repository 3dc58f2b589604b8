import { chooseStandby, type MemberHealth } from "../../core/index.ts";
import { routeStatuses, routeWarnings } from "./route-status.ts";
import type {
  AddressStatus,
  ClusterStatus,
  MemberStatus,
  ObservedCluster,
  ObservedInstance,
} from "./types.ts";

function checksOf(instance: ObservedInstance | undefined): MemberStatus["checks"] {
  if (instance?.state !== "running") return "-";
  return instance.statusOk ? "ok" : "impaired";
}

function addressStatus(observed: ObservedCluster, allocationId: string): AddressStatus {
  const address = observed.addresses.find((a) => a.allocationId === allocationId);
  const byId = new Map(observed.instances.map((i) => [i.instanceId, i]));
  const holder = address?.instanceId;
  const isMember = observed.members.some((m) => m.instanceId === holder);
  const health: MemberHealth[] = [...observed.instances];
  return {
    allocationId,
    publicIp: address?.publicIp,
    instanceId: holder,
    networkInterfaceId: address?.networkInterfaceId,
    privateIpAddress: address?.privateIpAddress,
    availabilityZone: holder ? byId.get(holder)?.availabilityZone : undefined,
    heldBy: !address ? "missing" : !holder ? "nobody" : isMember ? "member" : "non-member",
    standby: chooseStandby({ members: observed.members, health, failedInstanceId: holder ?? "" })?.instanceId,
  };
}

function warningsOf(
  observed: ObservedCluster,
  addresses: readonly AddressStatus[],
  members: readonly MemberStatus[],
) {
  const warnings: string[] = [];
  for (const a of addresses) {
    const name = a.publicIp ? `${a.publicIp} (${a.allocationId})` : a.allocationId;
    if (a.heldBy === "missing") warnings.push(`address ${a.allocationId} does not exist in this Region`);
    else if (a.heldBy === "nobody") warnings.push(`address ${name} points at no instance`);
    else if (a.heldBy === "non-member")
      warnings.push(`address ${name} is held by ${a.instanceId}, which is not a member of the cluster`);
    const holder = members.find((m) => m.instanceId === a.instanceId);
    if (holder && holder.checks !== "ok")
      warnings.push(
        `address ${name} is on ${holder.instanceId}, which is ${holder.state === "running" ? "impaired" : holder.state}`,
      );
    if (a.heldBy !== "missing" && a.standby === undefined)
      warnings.push(
        `address ${name} has no healthy standby: if its holder failed now, nothing could take it`,
      );
  }
  for (const m of members) {
    if (m.state === "missing") warnings.push(`member ${m.instanceId} does not exist in this Region`);
    if (m.alarm === false)
      warnings.push(
        `member ${m.instanceId} has no status alarm (the sweep creates it from the cluster document within a sweep period)`,
      );
  }
  for (const id of observed.alarmedInstanceIds ?? [])
    if (!observed.members.some((m) => m.instanceId === id))
      warnings.push(`status alarm for ${id}, which is not a member of the cluster`);
  return warnings;
}

/**
 * The status of one cluster from what was observed: where each address sits and where each overlay route points
 * (route-status.ts), each member's health and holdings, the standby the controller would choose now (core's
 * chooseStandby, the holder as the failed member), and drift warnings. Pure.
 *
 * @example
 * clusterStatus(observed).addresses[0]?.standby // "i-b…"
 */
export function clusterStatus(observed: ObservedCluster): ClusterStatus {
  const addresses = observed.allocationIds.map((id) => addressStatus(observed, id));
  const routes = routeStatuses(observed);
  const byId = new Map(observed.instances.map((i) => [i.instanceId, i]));
  const alarmed = observed.alarmedInstanceIds && new Set(observed.alarmedInstanceIds);
  const members: MemberStatus[] = observed.members.map((m) => {
    const instance = byId.get(m.instanceId);
    return {
      instanceId: m.instanceId,
      state: instance?.state ?? "missing",
      checks: checksOf(instance),
      availabilityZone: instance?.availabilityZone,
      holds: [
        ...addresses.flatMap((a) => (a.instanceId === m.instanceId && a.publicIp ? [a.publicIp] : [])),
        ...routes.flatMap((r) => (r.holder === m.instanceId ? [r.destination] : [])),
      ],
      alarm: alarmed ? alarmed.has(m.instanceId) : undefined,
    };
  });
  return {
    name: observed.name,
    fencing: observed.fencing,
    graceSeconds: observed.graceSeconds,
    ...(observed.paused ? { paused: observed.paused } : {}),
    addresses,
    routes,
    members,
    warnings: [...warningsOf(observed, addresses, members), ...routeWarnings(routes, members)],
  };
}
