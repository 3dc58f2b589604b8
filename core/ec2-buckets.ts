/** One EC2 throttling bucket: how many requests may pass at once, and how fast it refills. */
export interface BucketSpec {
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/**
 * EC2's request throttling as AWS documents it ("Request throttling for the Amazon EC2 API"): a token bucket per
 * category, per account and Region. The controller paces its calls to them. The sim throttles by its own table,
 * written apart from this one (sim/buckets.ts); test/unit/repo/sim-core-tables.test.ts fails when they differ.
 */
export const DOCUMENTED_BUCKETS = {
  nonMutating: { capacity: 100, refillPerSecond: 20 },
  unfilteredDescribe: { capacity: 50, refillPerSecond: 10 },
  mutating: { capacity: 50, refillPerSecond: 5 },
  StopInstances: { capacity: 1000, refillPerSecond: 20 },
  TerminateInstances: { capacity: 1000, refillPerSecond: 20 },
  RunInstances: { capacity: 1000, refillPerSecond: 2 },
  StartInstances: { capacity: 1000, refillPerSecond: 2 },
  /**
   * StartInstances' request bucket: the page lists it among the "uncategorized" actions with a request bucket
   * of their own, so a start draws this (not `mutating`) and one token per instance from `StartInstances`.
   */
  StartInstancesRequests: { capacity: 5, refillPerSecond: 2 },
} as const satisfies Record<string, BucketSpec>;
export type BucketName = keyof typeof DOCUMENTED_BUCKETS;
