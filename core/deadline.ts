/** A point in time an operation must finish by, with an injectable clock so tests need no real waiting. */
export interface Deadline {
  /** Milliseconds left, never negative. */
  remaining(): number;
  /** Epoch milliseconds of the deadline. */
  readonly at: number;
}

export type Clock = () => number;

/**
 * A deadline `ms` milliseconds from now.
 *
 * @example
 * const deadline = deadlineIn(Number(process.env.OCF_RESKEY_CRM_meta_timeout) - 2000);
 */
export function deadlineIn(ms: number, clock: Clock = Date.now): Deadline {
  const at = clock() + Math.max(0, ms);
  return { at, remaining: () => Math.max(0, at - clock()) };
}

/** A deadline at epoch milliseconds `at`. */
export function deadlineAt(at: number, clock: Clock = Date.now): Deadline {
  return { at, remaining: () => Math.max(0, at - clock()) };
}

/** The same deadline `ms` earlier: what a step may use when later steps must still fit before `deadline`. */
export function shortenedBy(deadline: Deadline, ms: number): Deadline {
  return { at: deadline.at - ms, remaining: () => Math.max(0, deadline.remaining() - ms) };
}
