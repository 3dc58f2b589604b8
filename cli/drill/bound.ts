import { REQUEST_BUCKETS } from "../../sim/buckets.ts";

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
