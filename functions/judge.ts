import { type ErrorKind, type ErrorReason, isEipError } from "../core/index.ts";

/** What the Lambda does with an error: the outcome it reports, and whether Lambda retries the event. */
export interface Answer {
  /** "conflict": a newer decision won, reported as such; "error": the move failed. */
  readonly outcome: "error" | "conflict";
  readonly retry: boolean;
}

const drop: Answer = { outcome: "error", retry: false };
const retry: Answer = { outcome: "error", retry: true };

/**
 * The Lambda's one table from core's error reasons to its answer. Only what may pass (throttling, an outage,
 * a spent deadline) is worth Lambda's bounded retry; the rest needs a person, or was a newer decision.
 */
export const ANSWERS: Readonly<Record<ErrorReason, Answer>> = {
  "not-found": drop,
  malformed: drop,
  "target-refused": drop,
  argument: drop,
  rejected: drop,
  permission: drop,
  throttled: retry,
  unavailable: retry,
  deadline: retry,
  conflict: { outcome: "conflict", retry: false },
};

/** An error judged once: the table's answer, and what to report. */
export interface Judgement extends Answer {
  readonly kind: ErrorKind | "unexpected";
  readonly errorReason: ErrorReason | "unexpected";
  /** The error's message. */
  readonly reason: string;
}

/** An error's message, or its text when it is not an Error. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Judges any thrown value by its reason, never by its message. An error core did not make (a bug, a runtime
 * fault) is dropped: the same input would fail again.
 *
 * @example
 * if (judge(error).retry) throw error;
 */
export function judge(error: unknown): Judgement {
  if (!isEipError(error))
    return { ...drop, kind: "unexpected", errorReason: "unexpected", reason: messageOf(error) };
  return { ...ANSWERS[error.reason], kind: error.kind, errorReason: error.reason, reason: error.message };
}
