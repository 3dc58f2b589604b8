import { classify } from "./classify.ts";
import type { Deadline } from "./deadline.ts";
import { type ErrorContext, ErrorReasons, isEipError, TransientError } from "./errors.ts";
import { sleepFor } from "./sleep.ts";

/** How retries are paced inside a deadline. Every field has a default suited to EC2. */
export interface RetryPolicy {
  /** First backoff ceiling in ms; doubles each attempt (full jitter picks 0..ceiling). */
  readonly baseMs: number;
  /**
   * First backoff ceiling in ms after a throttled answer (RequestLimitExceeded): the bucket is empty and
   * refills at its rate, so waiting longer wastes fewer calls. The SDK's standard mode uses 500 too.
   */
  readonly throttledBaseMs: number;
  /** Largest backoff ceiling in ms. */
  readonly capMs: number;
  /** The least time one attempt needs; no attempt starts with less than this left. */
  readonly minAttemptMs: number;
}

const TIMER_SLACK_MS = 20;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 100,
  throttledBaseMs: 500,
  capMs: 2_000,
  minAttemptMs: 250,
};

export interface RetryOptions {
  readonly deadline: Deadline;
  /** Values named in error messages (action, allocation id, ...). */
  readonly context?: ErrorContext;
  readonly policy?: Partial<RetryPolicy>;
  /** Source of randomness for jitter, 0 ≤ x < 1. Injected by tests. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** Called before each backoff, e.g. to log or count retries. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: TransientError }) => void;
}

/**
 * Full-jitter backoff for attempt `n` (1-based): a uniform pick in [0, min(cap, base·2^(n-1))), where base is
 * `throttledBaseMs` when the attempt was throttled, `baseMs` otherwise.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  throttled = false,
): number {
  const base = throttled ? policy.throttledBaseMs : policy.baseMs;
  const ceiling = Math.min(policy.capMs, base * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `operation` until it succeeds, fails with a non-transient error, or the deadline leaves no room for
 * another whole attempt. Each attempt gets an AbortSignal that fires at the deadline, so no attempt outlives it.
 *
 * @example
 * const out = await withRetry((signal) => ec2.send(cmd, { abortSignal: signal }), {
 *   deadline: deadlineIn(20_000),
 *   context: { action: "DescribeAddresses", allocationId },
 * });
 */
export async function withRetry<T>(
  operation: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  const context = options.context ?? {};
  const action = context.action ?? "operation";

  const gaveUp = (failure: TransientError, attempt: number) =>
    new TransientError(
      `gave up: ${failure.message} (attempt ${attempt}, no time left for another before the deadline)`,
      failure.context,
      // The failure that kept recurring is the reason; the deadline only ended the waiting for it.
      { reason: failure.reason, cause: failure },
    );
  let last: TransientError | undefined;
  for (let attempt = 1; ; attempt++) {
    const left = options.deadline.remaining();
    if (left < policy.minAttemptMs) {
      if (last) throw gaveUp(last, attempt - 1);
      throw new TransientError(
        `deadline: ${left} ms left before ${action}, an attempt needs ${policy.minAttemptMs} ms`,
        context,
        { reason: ErrorReasons.deadline },
      );
    }
    const signal = AbortSignal.timeout(left);
    try {
      return await operation(signal);
    } catch (error) {
      const kind = signal.aborted
        ? new TransientError(`timed out: ${action} did not answer within ${left} ms (deadline)`, context, {
            reason: ErrorReasons.deadline,
            cause: error,
          })
        : classify(error, context);
      if (!(kind instanceof TransientError)) throw isEipError(kind) ? kind : error;
      last = kind;
    }
    // Wait the jittered backoff, but never so long that the next attempt could not start before the deadline
    // (less a little slack for timer drift).
    const room = options.deadline.remaining() - policy.minAttemptMs - TIMER_SLACK_MS;
    if (room <= 0) throw gaveUp(last, attempt);
    const throttled = last.reason === ErrorReasons.throttled;
    const delayMs = Math.min(backoffDelay(attempt, policy, random, throttled), room);
    options.onRetry?.({ attempt, delayMs, error: last });
    await sleep(delayMs);
  }
}

/** What every core operation takes besides its data: the deadline and how to retry inside it. */
export type OperationOptions = Omit<RetryOptions, "context">;
