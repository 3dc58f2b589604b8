import { type BucketName, type BucketSpec, DOCUMENTED_BUCKETS } from "../core/ec2-buckets.ts";

// The documented buckets are core's (the controller paces its calls to them); the sim throttles by them.
export { type BucketName, type BucketSpec, DOCUMENTED_BUCKETS };

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
