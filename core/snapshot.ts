import type { Address } from "@aws-sdk/client-ec2";
import type { AddressSnapshot, Association, Target } from "./types.ts";

/** EC2 sometimes answers "" for absent fields; the domain says undefined. Route snapshots use it too. */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** Builds a snapshot from one `DescribeAddresses` entry. Returns undefined for an entry without an allocation id. */
export function toSnapshot(address: Address): AddressSnapshot | undefined {
  const allocationId = present(address.AllocationId);
  const publicIp = present(address.PublicIp);
  if (!allocationId || !publicIp) return undefined;
  const associationId = present(address.AssociationId);
  const association: Association | undefined = associationId
    ? {
        associationId,
        ...optional("instanceId", present(address.InstanceId)),
        ...optional("networkInterfaceId", present(address.NetworkInterfaceId)),
        ...optional("privateIpAddress", present(address.PrivateIpAddress)),
      }
    : undefined;
  return {
    allocationId,
    publicIp,
    domain: address.Domain === "standard" ? "standard" : "vpc",
    ...(association ? { association } : {}),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * True when `target` is exactly where the address points now.
 * An interface target without a private IP matches any private IP of that ENI.
 */
export function holds(snapshot: AddressSnapshot, target: Target): boolean {
  const a = snapshot.association;
  if (!a) return false;
  if (target.kind === "instance") return a.instanceId === target.instanceId;
  if (a.networkInterfaceId !== target.networkInterfaceId) return false;
  return target.privateIpAddress === undefined || a.privateIpAddress === target.privateIpAddress;
}

/** "instance i-1 (eni-2, 10.0.0.20)" or "nobody", for messages and logs. */
export function describeHolder(snapshot: AddressSnapshot | undefined): string {
  const a = snapshot?.association;
  if (!a) return "nobody";
  const where = [a.networkInterfaceId, a.privateIpAddress].filter(Boolean).join(", ");
  const who = a.instanceId ? `instance ${a.instanceId}` : `network interface ${a.networkInterfaceId ?? "?"}`;
  return where && a.instanceId ? `${who} (${where})` : who;
}

/** "instance i-1" or "network interface eni-2 (10.0.1.20)", for messages and logs. */
export function describeTarget(target: Target): string {
  if (target.kind === "instance") return `instance ${target.instanceId}`;
  return `network interface ${target.networkInterfaceId}${target.privateIpAddress ? ` (${target.privateIpAddress})` : ""}`;
}
