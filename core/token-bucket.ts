import type { BucketSpec } from "./ec2-buckets.ts";

/**
 * A bucket that refills continuously, as EC2's do, from the caller's side: the controller's pacer asks
 * `reserve` (when is my turn?). Its clock is injected, so tests move time by hand. (The sim throttles with a
 * bucket of its own, sim/token-bucket.ts.)
 */
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

  /** Tokens available now (fractional; below zero while turns are reserved ahead). */
  available(): number {
    const now = this.clock();
    this.tokens = Math.min(
      this.spec.capacity,
      this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond,
    );
    this.last = now;
    return this.tokens;
  }

  /**
   * Takes the next token even when none is left yet (the balance goes below zero) and returns the
   * milliseconds until it may be used (0: now), so callers are served in order at exactly the refill rate.
   */
  reserve(): number {
    const left = this.available() - 1;
    this.tokens = left;
    return left >= 0 ? 0 : Math.ceil((-left / this.spec.refillPerSecond) * 1000);
  }

  /** Gives back a token taken by {@link reserve}. */
  cancel(): void {
    this.tokens += 1;
  }
}
