import {
  type Address,
  DescribeAddressesCommand,
  type DescribeAddressesCommandInput,
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
 * Where DescribeAddresses is asked: the SDK's client ({@link sdkAddresses}), or a reader that answers the same
 * request its own way (the eip agent's probe reads EC2 without loading the SDK: agent/ocf/ec2-query.ts). A reader
 * fails as the SDK does (an error named by EC2's code, with `$metadata.httpStatusCode`; a socket's error code),
 * so ./classify.ts gives its failures the same reasons.
 */
export interface AddressSource {
  read(
    input: Pick<DescribeAddressesCommandInput, "AllocationIds" | "PublicIps">,
    signal: AbortSignal,
  ): Promise<{ readonly Addresses?: readonly Address[] }>;
  /** The Region asked, for messages. */
  region(): Promise<string>;
}

/** The SDK's client as an {@link AddressSource}. */
export const sdkAddresses = (ec2: EC2Client): AddressSource => ({
  read: (input, signal) => ec2.send(new DescribeAddressesCommand(input), { abortSignal: signal }),
  region: async () => String(await ec2.config.region()),
});

/**
 * Observes one Elastic IP with a single `DescribeAddresses` call.
 *
 * @throws ConfigurationError when the reference is malformed (reason `malformed`) or names no Elastic IP of
 *   this account and Region (reason `not-found`).
 * @example
 * const eip = await locate(ec2, { allocationId: "eipalloc-0123456789abcdef0" }, { deadline: deadlineIn(5000) });
 * eip.association?.instanceId // "i-…" or undefined when unassociated
 */
export const locate = (
  ec2: EC2Client,
  ref: AddressRef,
  options: OperationOptions,
): Promise<AddressSnapshot> => locateIn(sdkAddresses(ec2), ref, options);

/** {@link locate} through any {@link AddressSource}. */
export async function locateIn(
  source: AddressSource,
  ref: AddressRef,
  options: OperationOptions,
): Promise<AddressSnapshot> {
  assertAddressRef(ref);
  const context = { action: "DescribeAddresses", ...refContext(ref) };
  const input = "allocationId" in ref ? { AllocationIds: [ref.allocationId] } : { PublicIps: [ref.publicIp] };
  const notFound = async () => {
    const what = "allocationId" in ref ? "allocation id not found" : "public IP not found";
    const region = await source.region().catch(() => "this Region");
    return new ConfigurationError(
      `${what}: ${describeRef(ref)} (is it an Elastic IP of this account in ${region}?)`,
      context,
      { reason: ErrorReasons.notFound },
    );
  };
  let out: { readonly Addresses?: readonly Address[] };
  try {
    out = await withRetry((signal) => source.read(input, signal), { ...options, context });
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
