import { type BucketTables, DOCUMENTED_TABLES, scaledTables, sharedTables } from "./buckets.ts";
import { draws } from "./ec2-actions.ts";
import { Bucket } from "./token-bucket.ts";

/**
 * EC2 throttling: off, AWS's documented buckets, or those scaled (capacity and refill) by `factor`. With
 * `othersShare` (0 ≤ share < 1, default 0) the account is shared: other tenants spend that share of every
 * bucket's burst and refill ({@link sharedTables}), and the rest is left to the sim's callers.
 */
export type ThrottleMode =
  | { readonly kind: "off" }
  | { readonly kind: "documented"; readonly othersShare?: number }
  | { readonly kind: "scaled"; readonly factor: number; readonly othersShare?: number };

/** One account's EC2 buckets in one Region, as a gate for requests. */
export interface Throttle {
  /**
   * True when every bucket the request draws from holds the tokens it needs, which are then taken; false
   * (RequestLimitExceeded) otherwise, and nothing is taken: the page does not say a refused request costs.
   */
  admit(action: string, params: URLSearchParams): boolean;
}

/**
 * The throttle for `mode` on `clock` (epoch milliseconds), with fresh, full buckets; undefined when off. A bad
 * factor or share throws a RangeError naming it.
 *
 * @example
 * const throttle = throttleFor({ kind: "documented", othersShare: 0.5 }, () => clock.now);
 * throttle?.admit("DisassociateAddress", new URLSearchParams("AssociationId=eipassoc-1"));
 */
export function throttleFor(mode: ThrottleMode, clock: () => number): Throttle | undefined {
  if (mode.kind === "off") return undefined;
  const own: BucketTables = mode.kind === "documented" ? DOCUMENTED_TABLES : scaledTables(mode.factor);
  const tables = sharedTables(own, mode.othersShare ?? 0);
  const buckets = new Map<string, Bucket>();
  for (const table of ["request", "resource"] as const)
    for (const [name, spec] of Object.entries(tables[table]))
      buckets.set(`${table}:${name}`, new Bucket(spec, clock));
  return {
    admit(action, params) {
      const needs = draws(action, params).flatMap((d) => {
        const bucket = buckets.get(`${d.table}:${d.bucket}`);
        return bucket ? [{ bucket, tokens: d.tokens }] : [];
      });
      if (!needs.every(({ bucket, tokens }) => bucket.has(tokens))) return false;
      for (const { bucket, tokens } of needs) bucket.take(tokens);
      return true;
    },
  };
}
