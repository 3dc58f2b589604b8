/** EC2 throttling as AWS documents it: a token bucket per category, per account and Region. */
export interface BucketSpec {
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/** The documented EC2 buckets ("Request throttling for the Amazon EC2 API"). */
export const DOCUMENTED_BUCKETS = {
  nonMutating: { capacity: 100, refillPerSecond: 20 },
  unfilteredDescribe: { capacity: 50, refillPerSecond: 10 },
  mutating: { capacity: 50, refillPerSecond: 5 },
  StopInstances: { capacity: 1000, refillPerSecond: 20 },
  TerminateInstances: { capacity: 1000, refillPerSecond: 20 },
  RunInstances: { capacity: 1000, refillPerSecond: 2 },
  StartInstances: { capacity: 1000, refillPerSecond: 2 },
} as const satisfies Record<string, BucketSpec>;
export type BucketName = keyof typeof DOCUMENTED_BUCKETS;

/** A bucket that refills continuously; `take` answers whether one request may pass now. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly spec: BucketSpec,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = spec.capacity;
    this.last = clock();
  }

  /** Tokens available now (fractional). */
  available(): number {
    const now = this.clock();
    this.tokens = Math.min(
      this.spec.capacity,
      this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond,
    );
    this.last = now;
    return this.tokens;
  }

  /** Takes one token if there is one. */
  take(): boolean {
    if (this.available() < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Bucket specs multiplied by `factor` (capacity and refill), for fast tests and small benchmarks. */
export function scaledBuckets(factor: number): Record<BucketName, BucketSpec> {
  return Object.fromEntries(
    Object.entries(DOCUMENTED_BUCKETS).map(([name, spec]) => [
      name,
      {
        capacity: Math.max(1, Math.round(spec.capacity * factor)),
        refillPerSecond: spec.refillPerSecond * factor,
      },
    ]),
  ) as Record<BucketName, BucketSpec>;
}
