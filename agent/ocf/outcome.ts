import { type ErrorReason, ErrorReasons, isEipError } from "../../core/errors.ts";
import { fail, OcfExit, type Outcome } from "./exit.ts";

/**
 * The one table from a failure's reason to its OCF exit code.
 * - 6 when the configuration is wrong everywhere (Pacemaker stops trying on every node until cleaned up);
 * - 2 when it is wrong on this node only (an interface, instance or private IP of this node; or Pacemaker's own
 *   argument): Pacemaker may try elsewhere;
 * - 4 for a permission the instance role lacks;
 * - 1 for everything that may pass, including a client error EC2 did not say was the input's fault.
 */
export const EXIT_BY_REASON: Readonly<Record<ErrorReason, Exclude<OcfExit, 0 | 7>>> = {
  [ErrorReasons.notFound]: OcfExit.ERR_CONFIGURED,
  [ErrorReasons.malformed]: OcfExit.ERR_CONFIGURED,
  [ErrorReasons.targetRefused]: OcfExit.ERR_ARGS,
  [ErrorReasons.argument]: OcfExit.ERR_ARGS,
  [ErrorReasons.permission]: OcfExit.ERR_PERM,
  [ErrorReasons.rejected]: OcfExit.ERR_GENERIC,
  [ErrorReasons.throttled]: OcfExit.ERR_GENERIC,
  [ErrorReasons.unavailable]: OcfExit.ERR_GENERIC,
  [ErrorReasons.deadline]: OcfExit.ERR_GENERIC,
  [ErrorReasons.conflict]: OcfExit.ERR_GENERIC,
};

/**
 * The failure's OCF outcome: its code from {@link EXIT_BY_REASON}, its message as the exit reason. Anything
 * that is not a core error is a bug: 1, marked unexpected.
 *
 * @example
 * outcomeOf(new ParameterError("missing parameter: allocation_id")) // { code: 6, reason: "missing parameter: allocation_id" }
 */
export function outcomeOf(error: unknown): Outcome {
  if (isEipError(error)) return fail(EXIT_BY_REASON[error.reason], error.message);
  return fail(OcfExit.ERR_GENERIC, `unexpected: ${error instanceof Error ? error.message : String(error)}`);
}
