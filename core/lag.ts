// EC2's API is eventually consistent: a Describe right after a change may still show the resource as it was.
// Writes are not: EC2 answers a DisassociateAddress of a gone association, or an AssociateAddress of a taken
// address, from the truth. So a caller trusts what its own call answered over a read that contradicts it, and
// confirms such a read with a second one once the lag bound has passed, instead of sleeping after each change.

import type { Deadline } from "./deadline.ts";
import { type ErrorContext, ErrorReasons, TransientError } from "./errors.ts";
import { DEFAULT_RETRY_POLICY } from "./retry.ts";
import { sleepFor } from "./sleep.ts";

/**
 * How long an EC2 read may show a resource as it was before a change, unless configured otherwise: 3 s.
 * AWS documents the EC2 API as eventually consistent without a bound, and advises retrying a Describe after "a
 * couple of seconds"; ClusterLabs' awseip sleeps `api_delay` (3 s) after every association change for it.
 */
export const DEFAULT_LAG_BOUND_MS = 3_000;

/** How a caller tells time and waits; tests inject one whose sleep moves its clock (the agents' lag rules use it). */
export interface Timekeeper {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

/** The process's clock and timers. */
export const realTime: Timekeeper = { now: Date.now, sleep: (ms) => sleepFor(ms) };

/**
 * Whether a change made at `at` may still be missing from a read sent at `readAt`, with reads lagging by up to
 * `boundMs` (all in ms on one clock).
 *
 * @example
 * insideBound(1_000, 5_000, 5_999) // true: the read may not show the change yet
 */
export const insideBound = (at: number, boundMs: number, readAt: number): boolean => at + boundMs > readAt;

/** How a caller bounds EC2's read lag. */
export interface LagOptions {
  /**
   * The longest a read may lag a change, ms; 0 when reads are exact (a test that needs them says so).
   * Undefined: {@link DEFAULT_LAG_BOUND_MS}.
   */
  readonly lagBoundMs?: number;
}

/** A moment an answer came back, on the deadline's clock: how long ago it was. */
export interface Since {
  /** Milliseconds since the moment. */
  elapsed(): number;
}

/**
 * Now, on `deadline`'s clock (its injected clock, so tests need no real waiting).
 *
 * @example
 * await disassociate(…); const answered = sinceNow(options.deadline);
 */
export function sinceNow(deadline: Deadline): Since {
  const left = deadline.remaining();
  return { elapsed: () => left - deadline.remaining() };
}

/** The lag bound of `options`, its default filled in. */
export function lagBoundOf(options: LagOptions): number {
  return options.lagBoundMs ?? DEFAULT_LAG_BOUND_MS;
}

/** What {@link confirmRead} needs besides the read: the deadline it works inside, and how to wait. */
export interface ConfirmOptions extends LagOptions {
  readonly deadline: Deadline;
  readonly sleep?: Timekeeper["sleep"];
  /** Values named in the error when no time is left to confirm. */
  readonly context?: ErrorContext;
}

/**
 * Waits until the lag bound has passed since `since`, so that a read made now shows every change made before
 * then. Returns at once when it already has, or when the bound is 0.
 *
 * @throws TransientError (reason `deadline`) when the deadline leaves no time to wait and then read.
 * @example
 * const looked = sinceNow(deadline);
 * // … other work …
 * await settle(looked, { deadline, lagBoundMs }); // a read now confirms the look
 */
export async function settle(since: Since, options: ConfirmOptions): Promise<void> {
  const bound = lagBoundOf(options);
  const waitMs = Math.max(0, bound - since.elapsed());
  if (waitMs === 0) return;
  const left = options.deadline.remaining();
  if (waitMs + DEFAULT_RETRY_POLICY.minAttemptMs > left)
    throw new TransientError(
      `deadline: ${left} ms left to read again after the ${bound} ms lag bound, which needs ${waitMs} ms more and an attempt`,
      options.context ?? {},
      { reason: ErrorReasons.deadline },
    );
  await (options.sleep ?? sleepFor)(waitMs);
}

/**
 * Reads once; when the answer is `surprising` (it contradicts what a call answered at `since`), reads again
 * once the lag bound has passed since then ({@link settle}), and returns that second answer, surprising or
 * not: the caller decides what a read that still contradicts it after the bound means. An unsurprising
 * answer, or a bound of 0, costs no wait and no second read.
 *
 * @throws TransientError (reason `deadline`) when the deadline leaves no time to wait out the bound and read
 *   again; the read's own errors as they are.
 * @example
 * const current = await confirmRead(
 *   () => locate(ec2, ref, options),
 *   (seen) => seen.association?.associationId === goneId,
 *   answered,
 *   options,
 * );
 */
export async function confirmRead<T>(
  read: () => Promise<T>,
  surprising: (seen: T) => boolean,
  since: Since,
  options: ConfirmOptions,
): Promise<T> {
  const first = await read();
  if (lagBoundOf(options) <= 0 || !surprising(first)) return first;
  await settle(since, options);
  return read();
}
