import type { BucketSpec } from "./ec2-buckets.ts";

/**
 * How a bucket learns the rate it actually gets when the account is shared: additive increase, multiplicative
 * decrease (AIMD), as TCP and the AWS SDK's adaptive retry mode do. Shares are of the bucket's full refill.
 */
export interface Adaptation {
  /** Share of the current rate kept when EC2 answers RequestLimitExceeded, 0 < keep < 1. */
  readonly keep: number;
  /** Share of the full rate regained per second after a cut, until the full rate is reached again. */
  readonly regainPerSecond: number;
  /** The least share of the full rate a cut goes down to, 0 < floor ≤ 1. */
  readonly floor: number;
}

/**
 * The SDK's adaptive mode keeps 0.7 of its rate on a throttled answer (its `beta`); regaining 2 % of the full
 * rate per second takes a cut from the full rate back in 15 s. The floor, 5 %, lets a container whose account
 * is nearly all someone else's still make a call every 8 s on the mutating share of 2.5 per second.
 */
export const DEFAULT_ADAPTATION: Adaptation = { keep: 0.7, regainPerSecond: 0.02, floor: 0.05 };

/**
 * A bucket that refills continuously, as EC2's do, from the caller's side: the controller's pacer asks
 * `reserve` (when is my turn?) and tells `throttled` when EC2 refused a call anyway, which slows the refill
 * to what the account actually leaves it (the spec's refill is the most it ever assumes). Its clock is
 * injected, so tests move time by hand. (The sim throttles with a bucket of its own, sim/token-bucket.ts.)
 */
export class TokenBucket {
  readonly spec: BucketSpec;
  private readonly clock: () => number;
  private readonly adaptation: Adaptation;
  private tokens: number;
  private last: number;
  /** When the last cut was, and the rate it left; before any cut the bucket refills at the full rate. */
  private cutAt = Number.NEGATIVE_INFINITY;
  private cutRate: number;
  private cutCount = 0;

  constructor(spec: BucketSpec, clock: () => number = Date.now, adaptation: Adaptation = DEFAULT_ADAPTATION) {
    this.spec = spec;
    this.clock = clock;
    this.adaptation = adaptation;
    this.tokens = spec.capacity;
    this.last = clock();
    this.cutRate = spec.refillPerSecond;
  }

  /** How many times EC2's answers have cut the rate: a turn reserved before a cut is forgiven by it. */
  get cuts(): number {
    return this.cutCount;
  }

  /** The refill rate now, per second: the spec's, or less after a cut, regaining with time. */
  rate(at: number = this.clock()): number {
    const full = this.spec.refillPerSecond;
    const regained = this.adaptation.regainPerSecond * full * ((at - this.cutAt) / 1000);
    return Math.min(full, this.cutRate + regained);
  }

  /** Tokens available now (fractional; below zero while turns are reserved ahead). */
  available(): number {
    const now = this.clock();
    this.tokens = Math.min(this.spec.capacity, this.tokens + this.refilled(this.last, now));
    this.last = now;
    return this.tokens;
  }

  /**
   * Takes the next token even when none is left yet (the balance goes below zero) and returns the
   * milliseconds until it may be used (0: now), so callers are served in order at the refill rate. The wait
   * is reckoned at today's rate: if the rate regains meanwhile, the turn comes a little late, never early.
   */
  reserve(): number {
    const left = this.available() - 1;
    this.tokens = left;
    return left >= 0 ? 0 : Math.ceil((-left / this.rate()) * 1000);
  }

  /** Gives back a token taken by {@link reserve}. */
  cancel(): void {
    this.tokens += 1;
  }

  /**
   * EC2 refused a call sent when the bucket had been cut `cutsAtSend` times ({@link cuts}). Unless it was cut
   * since (it already knows), it keeps `keep` of its rate (never below the floor) and forgets the tokens it
   * had and the turns it handed out: EC2's bucket is empty, whatever this one counted. Callers still waiting
   * for a forgiven turn take a new one. True when this answer cut the rate.
   */
  throttled(cutsAtSend: number): boolean {
    if (cutsAtSend !== this.cutCount) return false;
    const now = this.clock();
    this.available();
    const floor = this.adaptation.floor * this.spec.refillPerSecond;
    this.cutRate = Math.max(floor, this.rate(now) * this.adaptation.keep);
    this.cutAt = now;
    this.cutCount += 1;
    this.tokens = 0;
    return true;
  }

  /** Tokens the refill adds between `from` and `to`: the rate climbs linearly after a cut, then stays full. */
  private refilled(from: number, to: number): number {
    if (to <= from) return 0;
    const full = this.spec.refillPerSecond;
    const fullAt =
      this.cutRate >= full
        ? this.cutAt
        : this.cutAt + ((full - this.cutRate) / (this.adaptation.regainPerSecond * full)) * 1000;
    const climbEnd = Math.min(to, Math.max(from, fullAt));
    const climbing = ((climbEnd - from) / 1000) * ((this.rate(from) + this.rate(climbEnd)) / 2);
    return climbing + ((to - climbEnd) / 1000) * full;
  }
}
