import type { EC2Client } from "@aws-sdk/client-ec2";
import {
  type BucketName,
  type BucketSpec,
  classify,
  DOCUMENTED_BUCKETS,
  ErrorReasons,
  TokenBucket,
  TransientError,
} from "../core/index.ts";

/** The buckets one container paces its EC2 calls with, by EC2's own bucket names. */
export type Ec2Pace = Readonly<Partial<Record<BucketName, TokenBucket>>>;

/** The least burst a container's bucket keeps: the two calls of one compare-and-swap. */
export const MIN_BURST = 2;

/**
 * One container's share (0 < share ≤ 1) of EC2's documented buckets: it refills at that share of EC2's rate, so
 * containers whose shares add up to 1 never outrun it together, and bursts at most that share of half EC2's
 * burst, leaving the rest to the account's other tools, but never less than {@link MIN_BURST}: a
 * compare-and-swap's two calls (disassociate, associate) must go back to back, or the address points nowhere
 * while the second waits its turn. The shares are {@link paceShares}'s.
 *
 * @example
 * controllerPace(0.5).mutating?.spec // { capacity: 12, refillPerSecond: 2.5 }
 */
export function controllerPace(share: number, clock: () => number = Date.now): Ec2Pace {
  if (!(share > 0 && share <= 1)) throw new RangeError(`share must be above 0 and at most 1, got ${share}`);
  const of = (spec: BucketSpec) =>
    new TokenBucket(
      {
        capacity: Math.max(MIN_BURST, Math.floor((spec.capacity / 2) * share)),
        refillPerSecond: spec.refillPerSecond * share,
      },
      clock,
    );
  return {
    mutating: of(DOCUMENTED_BUCKETS.mutating),
    nonMutating: of(DOCUMENTED_BUCKETS.nonMutating),
    StopInstances: of(DOCUMENTED_BUCKETS.StopInstances),
    StartInstances: of(DOCUMENTED_BUCKETS.StartInstances),
    StartInstancesRequests: of(DOCUMENTED_BUCKETS.StartInstancesRequests),
  };
}

/**
 * The EC2 buckets each command the controller sends draws from. Its describes name ids, so they are
 * non-mutating (not the unfiltered bucket). StopInstances is a mutating request and, besides, takes one token
 * per instance from its resource bucket (the controller stops one instance per call); StartInstances is no
 * mutating request but one of EC2's uncategorized actions, with a request bucket of its own.
 */
export const CONTROLLER_BUCKETS: Readonly<Record<string, readonly BucketName[]>> = {
  AssociateAddressCommand: ["mutating"],
  DisassociateAddressCommand: ["mutating"],
  // overlay routes: EC2 lists neither in a bucket of its own, so both are mutating actions
  ReplaceRouteCommand: ["mutating"],
  CreateRouteCommand: ["mutating"],
  StopInstancesCommand: ["mutating", "StopInstances"],
  // fencing "reboot": a request bucket of its own (EC2's uncategorized actions), and its resource bucket
  StartInstancesCommand: ["StartInstancesRequests", "StartInstances"],
  DescribeAddressesCommand: ["nonMutating"],
  DescribeInstanceStatusCommand: ["nonMutating"],
  DescribeRouteTablesCommand: ["nonMutating"],
};

/** Longest a call waits for its turn; beyond it the call fails as transient and the queue retries the record. */
export const MAX_PACE_WAIT_MS = 20_000;

/**
 * Makes every command `ec2` sends wait for its turn in `pace` before it goes out, so a container spends its
 * share of EC2's refill instead of retrying into throttling; and tells each bucket when EC2 throttled a call
 * anyway, so the container slows to what a shared account leaves it ({@link TokenBucket.throttled}). `pace` may
 * be a function, asked at each call (a container that learns its share from the first entry it serves).
 * `onThrottled` hears of each such call (the controller counts them as a metric). Returns the same client.
 *
 * @example
 * const ec2 = paceEc2(createEc2Client({}), controllerPace(0.5), (ms) => sleep(ms));
 */
export function paceEc2(
  ec2: EC2Client,
  pace: Ec2Pace | (() => Ec2Pace),
  sleep: (ms: number) => Promise<unknown>,
  maxWaitMs: number = MAX_PACE_WAIT_MS,
  onThrottled: (command: string) => void = () => {},
): EC2Client {
  ec2.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "";
      const turns: { bucket: TokenBucket; cuts: number }[] = [];
      const buckets = typeof pace === "function" ? pace() : pace;
      for (const name of CONTROLLER_BUCKETS[command] ?? []) {
        const bucket = buckets[name];
        if (bucket) turns.push({ bucket, cuts: await turnIn(bucket, name, command, sleep, maxWaitMs) });
      }
      try {
        return await next(args);
      } catch (error) {
        const kind = classify(error);
        if (kind instanceof TransientError && kind.reason === ErrorReasons.throttled) {
          for (const t of turns) t.bucket.throttled(t.cuts);
          onThrottled(command);
        }
        throw error;
      }
    },
    { step: "initialize", name: "eipFailoverPace" },
  );
  return ec2;
}

/**
 * Waits for a turn in `bucket`, taking a new one when a cut forgave it while waiting; the bucket's cut count
 * at the turn. Throws a transient `throttled` error, taking no turn, when the turn is more than `maxWaitMs` away.
 */
async function turnIn(
  bucket: TokenBucket,
  name: BucketName,
  command: string,
  sleep: (ms: number) => Promise<unknown>,
  maxWaitMs: number,
): Promise<number> {
  for (;;) {
    const cuts = bucket.cuts;
    const wait = bucket.reserve();
    if (wait > maxWaitMs) {
      bucket.cancel();
      throw new TransientError(
        `paced: the next ${name} turn is ${wait} ms away, more than ${maxWaitMs} ms`,
        { action: command.replace(/Command$/, "") },
        { reason: ErrorReasons.throttled },
      );
    }
    if (wait > 0) await sleep(wait);
    if (bucket.cuts === cuts) return cuts;
  }
}
