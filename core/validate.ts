import { isIPv4 } from "node:net";
import { ConfigurationError } from "./errors.ts";
import type { AddressRef } from "./types.ts";

/** EC2 resource ids: a prefix and 8 or 17 lowercase hex digits. */
const ID_PATTERNS = {
  allocationId: /^eipalloc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  associationId: /^eipassoc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  instanceId: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
  networkInterfaceId: /^eni-[0-9a-f]{8}([0-9a-f]{9})?$/,
} as const;
export type IdKind = keyof typeof ID_PATTERNS;

const ID_LABELS: Record<IdKind, string> = {
  allocationId: "allocation id",
  associationId: "association id",
  instanceId: "instance id",
  networkInterfaceId: "network interface id",
};

const ID_EXAMPLES: Record<IdKind, string> = {
  allocationId: "eipalloc-0123456789abcdef0",
  associationId: "eipassoc-0123456789abcdef0",
  instanceId: "i-0123456789abcdef0",
  networkInterfaceId: "eni-0123456789abcdef0",
};

/** True when `value` is syntactically an EC2 id of `kind`. */
export function isId(kind: IdKind, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}

/**
 * Throws a ConfigurationError naming the value when it is not a well-formed id of `kind`.
 *
 * @example
 * assertId("allocationId", "eipalloc-12") // ConfigurationError: allocation id malformed: 'eipalloc-12' (expected e.g. eipalloc-0123456789abcdef0)
 */
export function assertId(kind: IdKind, value: string): void {
  if (!isId(kind, value))
    throw new ConfigurationError(
      `${ID_LABELS[kind]} malformed: '${value}' (expected e.g. ${ID_EXAMPLES[kind]})`,
      { [kind]: value },
    );
}

/** Throws a ConfigurationError naming the value when it is not a dotted-quad IPv4 address. */
export function assertIpv4(label: string, value: string): void {
  if (!isIPv4(value))
    throw new ConfigurationError(
      `${label} malformed: '${value}' (expected an IPv4 address such as 10.0.1.20)`,
    );
}

/** Checks the syntax of an address reference without any network call. */
export function assertAddressRef(ref: AddressRef): void {
  if ("allocationId" in ref) assertId("allocationId", ref.allocationId);
  else assertIpv4("public IP", ref.publicIp);
}
