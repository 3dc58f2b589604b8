import {
  DescribeAddressesCommand,
  type DescribeAddressesCommandOutput,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { ConfigurationError, ErrorReasons } from "./errors.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import { toSnapshot } from "./snapshot.ts";
import type { AddressRef, AddressSnapshot } from "./types.ts";
import { assertAddressRef } from "./validate.ts";

/** The error context naming an address reference. */
export function refContext(ref: AddressRef): { allocationId?: string; publicIp?: string } {
  return "allocationId" in ref ? { allocationId: ref.allocationId } : { publicIp: ref.publicIp };
}

/** "eipalloc-1" or "203.0.113.7": how messages name a reference. */
export function describeRef(ref: AddressRef): string {
  return "allocationId" in ref ? ref.allocationId : ref.publicIp;
}

/**
 * Observes one Elastic IP with a single `DescribeAddresses` call.
 *
 * @throws ConfigurationError when the reference is malformed (reason `malformed`) or names no Elastic IP of
 *   this account and Region (reason `not-found`).
 * @example
 * const eip = await locate(ec2, { allocationId: "eipalloc-0123456789abcdef0" }, { deadline: deadlineIn(5000) });
 * eip.association?.instanceId // "i-…" or undefined when unassociated
 */
export async function locate(
  ec2: EC2Client,
  ref: AddressRef,
  options: OperationOptions,
): Promise<AddressSnapshot> {
  assertAddressRef(ref);
  const context = { action: "DescribeAddresses", ...refContext(ref) };
  const input = "allocationId" in ref ? { AllocationIds: [ref.allocationId] } : { PublicIps: [ref.publicIp] };
  const notFound = async () => {
    const what = "allocationId" in ref ? "allocation id not found" : "public IP not found";
    const region = await Promise.resolve(ec2.config.region())
      .then((r) => String(r))
      .catch(() => "this Region");
    return new ConfigurationError(
      `${what}: ${describeRef(ref)} (is it an Elastic IP of this account in ${region}?)`,
      context,
      { reason: ErrorReasons.notFound },
    );
  };
  let out: DescribeAddressesCommandOutput;
  try {
    out = await withRetry(
      (signal) => ec2.send(new DescribeAddressesCommand(input), { abortSignal: signal }),
      { ...options, context },
    );
  } catch (error) {
    // EC2 answers an unknown id with an error and an unknown IP with an empty list: one message for both.
    if (error instanceof ConfigurationError && error.reason === ErrorReasons.notFound) throw await notFound();
    throw error;
  }
  // Stryker disable next-line ArrayDeclaration: a filler entry has no allocation id, so it is skipped like none
  const found = (out.Addresses ?? []).map(toSnapshot).find((s) => s !== undefined);
  if (!found) throw await notFound();
  return found;
}
