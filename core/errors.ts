import type { AddressSnapshot } from "./types.ts";

/** The four ways an operation on an address can fail. Each edge maps a kind to its own meaning once. */
export const ErrorKinds = {
  configuration: "configuration",
  permission: "permission",
  transient: "transient",
  conflict: "conflict",
} as const;
export type ErrorKind = (typeof ErrorKinds)[keyof typeof ErrorKinds];

/**
 * Why an operation failed, machine-readable: the edges (the agent's exit code, the Lambda's outcome and retry)
 * decide by this, each in one table, and never by message text. Every error core throws carries one.
 */
export const ErrorReasons = {
  /** The Elastic IP or route table named does not exist in this account and Region. */
  notFound: "not-found",
  /** A value is malformed, missing, unknown or contradicts another: a person must fix the configuration. */
  malformed: "malformed",
  /**
   * The association target was refused: its instance, network interface or private IP does not exist, is
   * malformed, does not fit together, or is not this node's. The address itself may be fine elsewhere.
   */
  targetRefused: "target-refused",
  /** The caller invoked the program wrongly (an argument it controls, not the user's configuration). */
  argument: "argument",
  /** EC2 refused the request with a client error not known to be the input's fault (a new or rare code). */
  rejected: "rejected",
  /** The credentials in use may not do this. */
  permission: "permission",
  /** EC2 is throttling this account's calls. */
  throttled: "throttled",
  /** A service did not answer or answered with a server error: EC2, IMDS, the credential provider. */
  unavailable: "unavailable",
  /** The operation's deadline passed, or left no time for another attempt. */
  deadline: "deadline",
  /** Someone else changed the association after it was observed. */
  conflict: "conflict",
} as const;
export type ErrorReason = (typeof ErrorReasons)[keyof typeof ErrorReasons];

/** The reasons a {@link ConfigurationError} may carry: retrying with the same input cannot help. */
export type ConfigurationReason =
  | typeof ErrorReasons.notFound
  | typeof ErrorReasons.malformed
  | typeof ErrorReasons.targetRefused
  | typeof ErrorReasons.argument
  | typeof ErrorReasons.rejected;

/** The reasons a {@link TransientError} may carry: worth retrying while a deadline allows. */
export type TransientReason =
  | typeof ErrorReasons.throttled
  | typeof ErrorReasons.unavailable
  | typeof ErrorReasons.deadline;

/** Context that travels with every error so the edges can name the values involved. */
export interface ErrorContext {
  /** The EC2 action that failed, when one did. */
  readonly action?: string;
  /** The EC2 error code, when EC2 answered. */
  readonly code?: string;
  readonly allocationId?: string;
  readonly publicIp?: string;
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly associationId?: string;
  /** The route table, or the comma-separated list of them when one call names several. */
  readonly routeTableId?: string;
  /** A route's destination, as `a.b.c.d/32` or `…/128`. */
  readonly destination?: string;
}

/** What every error takes besides its message and context. */
export interface EipErrorOptions<R extends ErrorReason> {
  readonly reason: R;
  readonly cause?: unknown;
}

/** Base class: `message` names the value and, where known, what would be valid; `reason` says why, for code. */
export abstract class EipError extends Error {
  abstract readonly kind: ErrorKind;
  readonly reason: ErrorReason;
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext, options: EipErrorOptions<ErrorReason>) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.reason = options.reason;
    this.context = context;
  }
}

/**
 * Bad, malformed or unknown values: retrying cannot help, a person must fix the input.
 *
 * @example
 * new ConfigurationError("allocation id not found: eipalloc-0123456789abcdef0", { allocationId }, { reason: ErrorReasons.notFound })
 */
export class ConfigurationError extends EipError {
  readonly kind = ErrorKinds.configuration;
  override readonly name: string = "ConfigurationError";
  declare readonly reason: ConfigurationReason;

  // Narrows the reasons this kind may carry.
  constructor(message: string, context: ErrorContext, options: EipErrorOptions<ConfigurationReason>) {
    super(message, context, options);
  }
}

/** The credentials in use may not do this (`UnauthorizedOperation`, `AuthFailure`). Reason: permission. */
export class PermissionError extends EipError {
  readonly kind = ErrorKinds.permission;
  override readonly name: string = "PermissionError";
  declare readonly reason: typeof ErrorReasons.permission;

  constructor(message: string, context: ErrorContext = {}, options: { cause?: unknown } = {}) {
    super(message, context, { ...options, reason: ErrorReasons.permission });
  }
}

/** Throttling, 5xx, network failures and timeouts: worth retrying while the deadline allows. */
export class TransientError extends EipError {
  readonly kind = ErrorKinds.transient;
  override readonly name: string = "TransientError";
  declare readonly reason: TransientReason;

  // Narrows the reasons this kind may carry.
  constructor(message: string, context: ErrorContext, options: EipErrorOptions<TransientReason>) {
    super(message, context, options);
  }
}

/**
 * Someone else moved the address (or created the route) after it was observed; `current` is what EC2 says of
 * an address now, undefined for a route. Reason: conflict.
 */
export class ConflictError extends EipError {
  readonly kind = ErrorKinds.conflict;
  override readonly name: string = "ConflictError";
  declare readonly reason: typeof ErrorReasons.conflict;
  readonly current: AddressSnapshot | undefined;

  constructor(
    message: string,
    current: AddressSnapshot | undefined,
    context: ErrorContext = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, context, { ...options, reason: ErrorReasons.conflict });
    this.current = current;
  }
}

/** Type guard for any of the four kinds. */
export function isEipError(error: unknown): error is EipError {
  return error instanceof EipError;
}
