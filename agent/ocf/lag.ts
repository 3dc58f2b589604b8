import type { Deadline } from "../../core/deadline.ts";
import { ErrorKinds, isEipError } from "../../core/errors.ts";
import { insideBound, realTime, type Timekeeper } from "../../core/lag.ts";

// Know what you wrote (STYLE 17), for both agents: EC2's reads (and IMDS's) may show a change late, by up to
// the lag bound (api_lag). A read that does not show this node's own change (its start's, its stop's) inside the
// bound, one that contradicts a local witness, or a probe that finds the resource here when this node knows
// nothing fresher, is confirmed by a second read once the bound has passed, inside the action's deadline: no
// sleep when reads agree, none after a change. The agents keep their own change in written.ts. core/lag.ts owns
// the pure part both paths share (the clock shape, whether a change is inside the bound); the agents' bound is
// api_lag (5 s by default), the controller's core's own (3 s).

export { insideBound, realTime, type Timekeeper };

/** The least time the deadline must leave after the wait for the confirming read (a few attempts of one call). */
export const READ_ROOM_MS = 1_500;

/** This node's own last change to the resource, as remembered under HA_RSCTMP (see written.ts). */
export interface OwnChange {
  /** Epoch ms when EC2 answered the change. */
  readonly at: number;
  /** What the change made true: here (a start), or not here (a stop that released the address). */
  readonly here: boolean;
  /** Whether the read shows the change's result: a start's very association (its routes), a stop's release. */
  readonly shown: boolean;
}

/** What a read found, and what else this node knows. */
export interface Reading {
  /** The read says the resource is here (the address on this node; every route to its interface). */
  readonly here: boolean;
  /** Epoch ms when the read was sent. */
  readonly readAt: number;
  /** A probe (interval 0): it decides where Pacemaker thinks the resource is active. */
  readonly probe: boolean;
  /** This node's own last change; undefined when none is remembered. */
  readonly own?: OwnChange;
  /** Another witness on this node that says here, in words ("IMDSv2 shows it here"); undefined: none. */
  readonly localHere?: string;
  /** The lag bound in ms (api_lag); 0: reads are exact. */
  readonly boundMs: number;
}

/** Why a read is not to be trusted yet, when a second read settles it, and the answer if none can. */
export interface Doubt {
  /** Epoch ms from which a read shows every change the doubt is about. */
  readonly until: number;
  readonly why: string;
  /** The answer without a second read: this node's own change, else "here" (never NOT_RUNNING in doubt). */
  readonly here: boolean;
}

/**
 * Whether `reading` stands, or needs a second read after the lag bound (pure). The rule:
 * - a read that does not show this node's own change (its start's association or routes, its stop's release)
 *   while that change is younger than the bound is doubted until the change's time plus the bound; without a
 *   second read, the change's result is the answer (trust what you wrote);
 * - otherwise, a read that says "not here" while a local witness (IMDSv2, the interface) says here, and a
 *   probe's "here", are doubted for one bound from the read; without a second read, the answer is "here";
 * - every other read stands: a recurring monitor's "here", "not here" with nothing on this node against it,
 *   and a read that shows this node's own young change.
 *
 * @example
 * doubt({ here: false, readAt: 1_000, probe: false, own: { at: 900, here: true, shown: false }, boundMs: 5_000 })
 * // { until: 5_900, why: "this node's own change 100 ms before the read is inside api_lag 5 s", here: true }
 */
export function doubt(reading: Reading): Doubt | undefined {
  const { here, readAt, probe, own, localHere, boundMs } = reading;
  if (boundMs <= 0) return undefined;
  const bound = `api_lag ${boundMs / 1000} s`;
  if (own && insideBound(own.at, boundMs, readAt)) {
    if (own.shown) return undefined;
    const what = own.here ? "change" : "release";
    return {
      until: own.at + boundMs,
      why: `this node's own ${what} ${readAt - own.at} ms before the read is inside ${bound}`,
      here: own.here,
    };
  }
  if (!here && localHere) return { until: readAt + boundMs, why: localHere, here: true };
  if (here && probe)
    return {
      until: readAt + boundMs,
      why: `a probe found it here and this node changed nothing inside ${bound}`,
      here: true,
    };
  return undefined;
}

/** What the confirmation gave: the second read, or why there is none (then the doubt's answer stands). */
export type Confirmation<T> = { readonly read: T } | { readonly unconfirmed: string };

/**
 * Waits until `doubt.until`, then reads again, all inside `deadline`: the second read is the answer. Makes no
 * second read when the deadline leaves no room for it after the wait, or when it fails transiently: then the
 * caller answers the doubt's `here`, saying why.
 *
 * @example
 * const second = await confirm(d, ctx.deadline, realTime, () => observe(ctx));
 */
export async function confirm<T>(
  d: Doubt,
  deadline: Deadline,
  time: Timekeeper,
  read: () => Promise<T>,
): Promise<Confirmation<T>> {
  const wait = Math.max(0, d.until - time.now());
  if (deadline.remaining() - wait < READ_ROOM_MS)
    return {
      unconfirmed: `no time to confirm (${wait} ms to wait, ${deadline.remaining()} ms left before the timeout)`,
    };
  if (wait > 0) await time.sleep(wait);
  try {
    return { read: await read() };
  } catch (error) {
    if (isEipError(error) && error.kind === ErrorKinds.transient)
      return { unconfirmed: `the confirming read failed: ${error.message}` };
    throw error;
  }
}
