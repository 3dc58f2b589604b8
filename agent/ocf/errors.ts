import {
  ConfigurationError,
  type ConfigurationReason,
  ErrorReasons,
  TransientError,
} from "../../core/errors.ts";

// The agent's own failure kinds are core errors with a reason, so outcome.ts maps every failure to its OCF
// exit code by reason, in one table.

/**
 * A parameter problem found without any network call. Reason `malformed` (a missing, malformed, unknown or
 * contradictory parameter); `argument` for Pacemaker's own arguments; `target-refused` for an interface that
 * is not this node's.
 *
 * @example
 * throw new ParameterError("allocation_id malformed: 'eipalloc-1' (expected e.g. eipalloc-0123456789abcdef0)")
 */
export class ParameterError extends ConfigurationError {
  override readonly name: string = "ParameterError";

  constructor(message: string, reason: ConfigurationReason = ErrorReasons.malformed) {
    super(message, {}, { reason });
  }
}

/**
 * IMDS did not answer as IMDSv2 should (refused token, HTTP error, timeout, connection failure). Reason
 * `unavailable`: the agent answers 1, and a recurring monitor asks EC2 instead.
 */
export class ImdsError extends TransientError {
  override readonly name: string = "ImdsError";

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { action: "IMDSv2" }, { ...options, reason: ErrorReasons.unavailable });
  }
}
