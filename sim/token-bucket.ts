import { type BucketName, type BucketSpec, DOCUMENTED_BUCKETS } from "../core/ec2-buckets.ts";
import { TokenBucket } from "../core/token-bucket.ts";

// The documented buckets and the bucket itself are core's (the controller paces its calls by them); the sim
// throttles by them.
export { type BucketName, type BucketSpec, DOCUMENTED_BUCKETS, TokenBucket };

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
