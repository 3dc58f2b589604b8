import {
  AssociateAddressCommand,
  type AssociateAddressCommandInput,
  DisassociateAddressCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import type { ErrorContext } from "./errors.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import type { AddressSnapshot, Association, Target } from "./types.ts";

/** The error context naming an address and a target. */
export function moveContext(action: string, snapshot: AddressSnapshot, target?: Target): ErrorContext {
  return {
    action,
    allocationId: snapshot.allocationId,
    ...(target?.kind === "instance" ? { instanceId: target.instanceId } : {}),
    ...(target?.kind === "interface" ? { networkInterfaceId: target.networkInterfaceId } : {}),
  };
}

/**
 * The `AssociateAddress` request moving the address to `target`. `allowReassociation` is always sent
 * explicitly: AWS and moto disagree on its default, and the two callers need opposite values (claim: true,
 * compare-and-swap: false).
 */
export function associateInput(
  snapshot: AddressSnapshot,
  target: Target,
  allowReassociation: boolean,
): AssociateAddressCommandInput {
  const where =
    target.kind === "instance"
      ? { InstanceId: target.instanceId }
      : {
          NetworkInterfaceId: target.networkInterfaceId,
          ...(target.privateIpAddress ? { PrivateIpAddress: target.privateIpAddress } : {}),
        };
  return { AllocationId: snapshot.allocationId, AllowReassociation: allowReassociation, ...where };
}

/** One `AssociateAddress` call (see {@link associateInput}). */
export async function associate(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  target: Target,
  allowReassociation: boolean,
  options: OperationOptions,
): Promise<Association> {
  const out = await withRetry(
    (signal) =>
      ec2.send(new AssociateAddressCommand(associateInput(snapshot, target, allowReassociation)), {
        abortSignal: signal,
      }),
    { ...options, context: moveContext("AssociateAddress", snapshot, target) },
  );
  return {
    associationId: out.AssociationId ?? "",
    ...(target.kind === "instance"
      ? { instanceId: target.instanceId }
      : {
          networkInterfaceId: target.networkInterfaceId,
          ...(target.privateIpAddress ? { privateIpAddress: target.privateIpAddress } : {}),
        }),
  };
}

/** One `DisassociateAddress` call for exactly `associationId`. */
export async function disassociate(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  associationId: string,
  options: OperationOptions,
): Promise<void> {
  await withRetry(
    (signal) =>
      ec2.send(new DisassociateAddressCommand({ AssociationId: associationId }), { abortSignal: signal }),
    { ...options, context: { ...moveContext("DisassociateAddress", snapshot), associationId } },
  );
}
