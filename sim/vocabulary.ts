// EC2's words as the sim uses them, written from AWS's documentation and from nothing of the product's:
// instance states from the API's InstanceState type
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html), ids from "Resource IDs"
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html: a prefix, a hyphen, then 8
// characters for resources made before 2016, 17 since). test/unit/repo/sim-core-tables.test.ts fails when the
// product's own vocabulary says otherwise.

/** Every state an instance can be in, in lifecycle order. */
export const INSTANCE_STATES = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "terminated",
] as const;
export type Ec2State = (typeof INSTANCE_STATES)[number];

/** The id prefix of each kind of resource the sim builds or names. */
export const ID_PREFIXES = {
  instance: "i",
  allocation: "eipalloc",
  association: "eipassoc",
  networkInterface: "eni",
  routeTable: "rtb",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

/**
 * True when `value` is an EC2 id of `kind`: its prefix, a hyphen, then 8 or 17 lowercase hexadecimal digits.
 *
 * @example
 * isEc2Id("instance", "i-0123456789abcdef0") // true
 * isEc2Id("instance", "i-0123") // false
 */
export function isEc2Id(kind: IdKind, value: string): boolean {
  const [prefix, digits, ...rest] = value.split("-");
  return (
    prefix === ID_PREFIXES[kind] &&
    rest.length === 0 &&
    /^[0-9a-f]+$/.test(digits ?? "") &&
    (digits?.length === 8 || digits?.length === 17)
  );
}

/** A well-formed id of `kind`, for usage lines. */
export function exampleId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}-0123456789abcdef0`;
}
