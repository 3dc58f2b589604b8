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
} as const;

/** The kinds of id this project names: `allocationId`, `associationId`, `instanceId`, `networkInterfaceId`. */
export type IdKind = keyof typeof ID_PATTERNS;

/** How messages call each kind of id. */
export const ID_LABELS: Readonly<Record<IdKind, string>> = {
  allocationId: "allocation id",
  associationId: "association id",
  instanceId: "instance id",
  networkInterfaceId: "network interface id",
};

/** A valid example of each kind, for "expected e.g. …" in messages. */
export const ID_EXAMPLES: Readonly<Record<IdKind, string>> = {
  allocationId: "eipalloc-0123456789abcdef0",
  associationId: "eipassoc-0123456789abcdef0",
  instanceId: "i-0123456789abcdef0",
  networkInterfaceId: "eni-0123456789abcdef0",
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
