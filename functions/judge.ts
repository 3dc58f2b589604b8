import { type ErrorKind, isEipError } from "../core/index.ts";

/** What an error means to the Lambda: the `kind` it reports, and whether Lambda should retry the event. */
export interface Judgement {
  readonly kind: ErrorKind | "unexpected";
  readonly retry: boolean;
  readonly reason: string;
}

/**
 * The Lambda's one table from core's error kinds to its answer. Only a transient failure (throttling, an
 * outage, a timeout) is worth Lambda's bounded retry; the others need a person or were a newer decision.
 */
const RETRY: Readonly<Record<ErrorKind, boolean>> = {
  transient: true,
  configuration: false,
  permission: false,
  conflict: false,
};

/** An error's message, or its text when it is not an Error. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Judges any thrown value once. An error core did not make (a bug, a runtime fault) is not retried: the
 * same input would fail again.
 *
 * @example
 * if (judge(error).retry) throw error;
 */
export function judge(error: unknown): Judgement {
  if (!isEipError(error)) return { kind: "unexpected", retry: false, reason: messageOf(error) };
  return { kind: error.kind, retry: RETRY[error.kind], reason: error.message };
}
