import { DOCUMENTED_TABLES, REQUEST_BUCKETS, sharedTables } from "../../sim/buckets.ts";

/** The sim's mutating bucket, which the controller's moves draw from (AssociateAddress, DisassociateAddress). */
export const MUTATING_BUCKET = REQUEST_BUCKETS.mutating;

/**
 * The least wall time EC2's mutating bucket allows for `calls` mutating calls starting from a full bucket:
 * the first `capacity` pass at once, the rest at `refillPerSecond`. Pure.
 *
 * @example
 * rateBoundSeconds(2000) // (2000 - 50) / 5 = 390: compare-and-swap, 1000 moves
 * rateBoundSeconds(1000) // 190: one call per move
 */
export function rateBoundSeconds(
  calls: number,
  bucket: { readonly capacity: number; readonly refillPerSecond: number } = MUTATING_BUCKET,
): number {
  return Math.max(0, calls - bucket.capacity) / bucket.refillPerSecond;
}

/**
 * The mutating bucket as the controller gets it when other tenants spend `othersShare` of it: the sim's own
 * shared table (sim/buckets.ts), so the bound and the sim's throttle say the same. Pure.
 *
 * @example
 * leftBucket(0.5) // { capacity: 25, refillPerSecond: 2.5 }
 */
export function leftBucket(othersShare = 0): { readonly capacity: number; readonly refillPerSecond: number } {
  return sharedTables(DOCUMENTED_TABLES, othersShare).request.mutating ?? MUTATING_BUCKET;
}
