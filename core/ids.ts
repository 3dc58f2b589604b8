/**
 * EC2 resource ids: a prefix and 8 or 17 lowercase hex digits. The one definition of their syntax; the agent's
 * parameters, the controller's schema and events, the sim and the stack script all use these.
 *
 * This file imports nothing, so plain JavaScript (a Serverless variable source) can load it too.
 */
export const ID_PATTERNS = {
  allocationId: /^eipalloc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  associationId: /^eipassoc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  instanceId: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
  networkInterfaceId: /^eni-[0-9a-f]{8}([0-9a-f]{9})?$/,
  routeTableId: /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/,
} as const;

/** The kinds of id this project names: `allocationId`, `associationId`, `instanceId`, `networkInterfaceId`, `routeTableId`. */
export type IdKind = keyof typeof ID_PATTERNS;

/** How messages call each kind of id. */
export const ID_LABELS: Readonly<Record<IdKind, string>> = {
  allocationId: "allocation id",
  associationId: "association id",
  instanceId: "instance id",
  networkInterfaceId: "network interface id",
  routeTableId: "route table id",
};

/** A valid example of each kind, for "expected e.g. …" in messages. */
export const ID_EXAMPLES: Readonly<Record<IdKind, string>> = {
  allocationId: "eipalloc-0123456789abcdef0",
  associationId: "eipassoc-0123456789abcdef0",
  instanceId: "i-0123456789abcdef0",
  networkInterfaceId: "eni-0123456789abcdef0",
  routeTableId: "rtb-0123456789abcdef0",
};

/**
 * True when `value` is syntactically an EC2 id of `kind`.
 *
 * @example
 * isId("instanceId", "i-0123456789abcdef0") // true
 * isId("instanceId", "i-12") // false
 */
export function isId(kind: IdKind, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}

/**
 * The message for a value that is not a well-formed id of `kind`, or undefined when it is one. Schemas and
 * argument checks use it so every edge words the problem alike.
 *
 * @example
 * idProblem("allocationId", "eipalloc-12") // "allocation id malformed: 'eipalloc-12' (expected e.g. eipalloc-0123456789abcdef0)"
 */
export function idProblem(kind: IdKind, value: string): string | undefined {
  return isId(kind, value)
    ? undefined
    : `${ID_LABELS[kind]} malformed: '${value}' (expected e.g. ${ID_EXAMPLES[kind]})`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;

/** Valid examples of a route destination, for "expected e.g. …" in messages. */
export const DESTINATION_EXAMPLES = { ipv4: "192.168.100.10/32", ipv6: "fd00:ec2::10/128" } as const;

/**
 * The one host route a destination names, in the form EC2 answers with: an IPv4 address as `a.b.c.d/32`, an
 * IPv6 address compressed and lowercase as `…/128`. A bare address gets its host prefix. Undefined for
 * anything else (a wider prefix, a malformed address, a zone id).
 *
 * @example
 * hostRoute("192.168.100.10") // "192.168.100.10/32"
 * hostRoute("FD00:EC2:0:0::10/128") // "fd00:ec2::10/128"
 * hostRoute("192.168.100.0/24") // undefined
 */
export function hostRoute(value: string): string | undefined {
  // split always returns at least one part.
  const [address, prefix, ...rest] = value.trim().split("/") as [string, ...string[]];
  if (rest.length) return undefined;
  if (IPV4.test(address)) return prefix === undefined || prefix === "32" ? `${address}/32` : undefined;
  // Only IPv6's characters: the URL below would otherwise read `::1]:80?[` as host [::1] and port 80.
  if (!IPV6_CHARS.test(address)) return undefined;
  if (prefix !== undefined && prefix !== "128") return undefined;
  let hostname: string;
  try {
    // WHATWG URL parsing validates and compresses an IPv6 address without importing anything.
    hostname = new URL(`http://[${address}]/`).hostname;
  } catch {
    return undefined;
  }
  return `${hostname.slice(1, -1)}/128`;
}

/**
 * The message for a value that is not an IPv4 /32 or IPv6 /128 host route, or undefined when it is one.
 *
 * @example
 * destinationProblem("10.0.0.0/16") // "route destination malformed: '10.0.0.0/16' (expected one address, e.g. 192.168.100.10/32 or fd00:ec2::10/128)"
 */
export function destinationProblem(value: string): string | undefined {
  return hostRoute(value)
    ? undefined
    : `route destination malformed: '${value}' (expected one address, e.g. ${DESTINATION_EXAMPLES.ipv4} or ${DESTINATION_EXAMPLES.ipv6})`;
}
