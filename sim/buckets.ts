// EC2's throttling as AWS documents it, written here from the page itself and from nothing of the product's:
// "Request throttling for the Amazon EC2 API",
// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html (tables "Request token bucket sizes
// and refill rates" and "Resource token bucket sizes and refill rates"). Buckets are per account and Region;
// test/unit/repo/sim-core-tables.test.ts fails when the product's own table says otherwise.

/** One token bucket: what may pass at once (its maximum capacity) and how fast it refills. */
export interface BucketSpec {
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/**
 * Request buckets by category: each request takes one token from its category's bucket (or from its own, for
 * an action in {@link UNCATEGORIZED_BUCKETS}). Console non-mutating calls (100, 10 per s) are left out: the
 * sim cannot tell a console call from any other.
 */
export const REQUEST_BUCKETS = {
  /** Describe*, List*, Search*, Get* not in another category. */
  nonMutating: { capacity: 100, refillPerSecond: 20 },
  /** {@link UNFILTERED_DESCRIBES} asked with neither a filter nor pagination. */
  unfilteredDescribe: { capacity: 50, refillPerSecond: 10 },
  /** Every other action: the page calls mutating whatever is not non-mutating. */
  mutating: { capacity: 50, refillPerSecond: 5 },
  /** {@link RESOURCE_INTENSIVE_ACTIONS}, throttled apart from the other mutating actions. */
  resourceIntensive: { capacity: 50, refillPerSecond: 5 },
} as const satisfies Record<string, BucketSpec>;
export type RequestCategory = keyof typeof REQUEST_BUCKETS;

/** The describes that draw from the smaller bucket when unfiltered and unpaginated. */
export const UNFILTERED_DESCRIBES: ReadonlySet<string> = new Set([
  "DescribeInstances",
  "DescribeInstanceStatus",
  "DescribeNetworkInterfaces",
  "DescribeSecurityGroups",
  "DescribeSnapshots",
  "DescribeSpotInstanceRequests",
  "DescribeVolumes",
]);

/** The mutating actions the page calls resource-intensive. */
export const RESOURCE_INTENSIVE_ACTIONS: ReadonlySet<string> = new Set([
  "AcceptVpcPeeringConnection",
  "AuthorizeSecurityGroupIngress",
  "CancelSpotInstanceRequests",
  "CreateKeyPair",
  "CreateVpcPeeringConnection",
  "DeleteVpcPeeringConnection",
  "RejectVpcPeeringConnection",
  "RevokeSecurityGroupIngress",
  "RequestSpotInstances",
]);

/**
 * Actions with a request bucket of their own ("uncategorized actions"): those among instances, their network
 * interfaces and tags, the world this sim builds. The page lists more (VPC endpoints, BYOIP, Verified
 * Access, ...); nothing sent through the sim calls them, so they fall into their category's bucket here.
 */
export const UNCATEGORIZED_BUCKETS = {
  AssignPrivateIpAddresses: { capacity: 100, refillPerSecond: 5 },
  AssociateIamInstanceProfile: { capacity: 100, refillPerSecond: 5 },
  CreateNetworkInterface: { capacity: 100, refillPerSecond: 5 },
  CreateTags: { capacity: 100, refillPerSecond: 10 },
  DeleteNetworkInterface: { capacity: 100, refillPerSecond: 5 },
  DeleteTags: { capacity: 100, refillPerSecond: 10 },
  DisassociateIamInstanceProfile: { capacity: 100, refillPerSecond: 5 },
  ModifyInstanceMetadataOptions: { capacity: 100, refillPerSecond: 5 },
  ModifyNetworkInterfaceAttribute: { capacity: 100, refillPerSecond: 5 },
  RunInstances: { capacity: 5, refillPerSecond: 2 },
  StartInstances: { capacity: 5, refillPerSecond: 2 },
  TerminateInstances: { capacity: 100, refillPerSecond: 5 },
  UnassignPrivateIpAddresses: { capacity: 100, refillPerSecond: 5 },
} as const satisfies Record<string, BucketSpec>;

/**
 * Resource buckets, in addition to the request bucket: a request takes one token per instance it names (or
 * launches), so one StopInstances of ten instances costs ten.
 */
export const RESOURCE_BUCKETS = {
  RunInstances: { capacity: 1000, refillPerSecond: 2 },
  TerminateInstances: { capacity: 1000, refillPerSecond: 20 },
  StartInstances: { capacity: 1000, refillPerSecond: 2 },
  StopInstances: { capacity: 1000, refillPerSecond: 20 },
} as const satisfies Record<string, BucketSpec>;
export type ResourceAction = keyof typeof RESOURCE_BUCKETS;

/** Every bucket of one throttle, by table: request buckets by category or action, resource buckets by action. */
export interface BucketTables {
  readonly request: Readonly<Record<string, BucketSpec>>;
  readonly resource: Readonly<Record<string, BucketSpec>>;
}

/** The documented tables, together. */
export const DOCUMENTED_TABLES: BucketTables = {
  request: { ...REQUEST_BUCKETS, ...UNCATEGORIZED_BUCKETS },
  resource: RESOURCE_BUCKETS,
};

/**
 * The documented tables with every capacity and refill multiplied by `factor` (a capacity stays at least 1),
 * for fast tests and small benchmarks.
 *
 * @example
 * scaledTables(0.1).request.mutating // { capacity: 5, refillPerSecond: 0.5 }
 */
export function scaledTables(factor: number): BucketTables {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`throttle factor must be a number above 0, got ${factor}`);
  return mapTables(DOCUMENTED_TABLES, (spec) => ({
    capacity: Math.max(1, Math.round(spec.capacity * factor)),
    refillPerSecond: spec.refillPerSecond * factor,
  }));
}

/**
 * What other tenants of the account leave of `tables` when they spend `othersShare` (0 ≤ share < 1) of every
 * bucket: they keep that share of its burst (whatever the bucket holds above the rest, they spend) and draw
 * that share of its refill, first, before anyone else. Seen from the sim's callers, each bucket is then
 * `(1 − share)` of itself, capacity and refill; a capacity stays at least 1. The others are modelled as
 * steady, so a caller that keeps to what is left is never refused; their real traffic comes in bursts,
 * which this leaves out.
 *
 * @example
 * sharedTables(DOCUMENTED_TABLES, 0.5).request.mutating // { capacity: 25, refillPerSecond: 2.5 }
 */
export function sharedTables(tables: BucketTables, othersShare: number): BucketTables {
  if (!(othersShare >= 0 && othersShare < 1))
    throw new RangeError(`othersShare must be at least 0 and below 1, got ${othersShare}`);
  return mapTables(tables, (spec) => ({
    capacity: Math.max(1, spec.capacity * (1 - othersShare)),
    refillPerSecond: spec.refillPerSecond * (1 - othersShare),
  }));
}

function mapTables(tables: BucketTables, change: (spec: BucketSpec) => BucketSpec): BucketTables {
  const map = (table: Readonly<Record<string, BucketSpec>>) =>
    Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, change(spec)]));
  return { request: map(tables.request), resource: map(tables.resource) };
}
