import type { BucketSpec } from "./buckets.ts";

/**
 * Arithmetic slack when comparing token counts: refills add up fractions in floating point, and a sum of them
 * may fall a hair short of a token whose time has fully passed; that token must count as whole.
 */
const EPSILON = 1e-9;

/**
 * One EC2 token bucket as the page describes it: full at first, refilled continuously at its rate up to its
 * capacity, a request passing only while the tokens it needs are there. The clock is injected, so tests move
 * time by hand.
 */
export class Bucket {
  readonly spec: BucketSpec;
  private readonly clock: () => number;
  private tokens: number;
  private last: number;

  constructor(spec: BucketSpec, clock: () => number = Date.now) {
    this.spec = spec;
    this.clock = clock;
    this.tokens = spec.capacity;
    this.last = clock();
  }

  /** Tokens there now (fractional). */
  available(): number {
    this.refillUntil(this.clock());
    return this.tokens;
  }

  /** True when `tokens` are there now (nothing is taken). */
  has(tokens = 1): boolean {
    return this.available() + EPSILON >= tokens;
  }

  /** Takes `tokens` if they are there; false (and nothing taken) otherwise. */
  take(tokens = 1): boolean {
    if (!this.has(tokens)) return false;
    this.tokens = Math.max(0, this.tokens - tokens);
    return true;
  }

  private refillUntil(time: number): void {
    if (time <= this.last) return;
    const gained = ((time - this.last) / 1000) * this.spec.refillPerSecond;
    this.tokens = Math.min(this.spec.capacity, this.tokens + gained);
    this.last = time;
  }
}
