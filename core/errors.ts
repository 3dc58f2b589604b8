import type { AddressSnapshot } from "./types.ts";

/** The four ways an operation on an address can fail. Each edge maps a kind to its own meaning once. */
export const ErrorKinds = {
  configuration: "configuration",
  permission: "permission",
  transient: "transient",
  conflict: "conflict",
} as const;
export type ErrorKind = (typeof ErrorKinds)[keyof typeof ErrorKinds];

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
}

/** Base class: `message` names the value and, where known, what would be valid. */
export abstract class EipError extends Error {
  abstract readonly kind: ErrorKind;
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/** Bad, malformed or unknown values: retrying cannot help, a person must fix the input. */
export class ConfigurationError extends EipError {
  readonly kind = ErrorKinds.configuration;
  override readonly name = "ConfigurationError";
}

/** The credentials in use may not do this (`UnauthorizedOperation`, `AuthFailure`). */
export class PermissionError extends EipError {
  readonly kind = ErrorKinds.permission;
  override readonly name = "PermissionError";
}

/** Throttling, 5xx, network failures and timeouts: worth retrying while the deadline allows. */
export class TransientError extends EipError {
  readonly kind = ErrorKinds.transient;
  override readonly name = "TransientError";
}

/** Someone else moved the address after it was observed; `current` is what EC2 says now. */
export class ConflictError extends EipError {
  readonly kind = ErrorKinds.conflict;
  override readonly name = "ConflictError";
  readonly current: AddressSnapshot | undefined;

  constructor(
    message: string,
    current: AddressSnapshot | undefined,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
    this.current = current;
  }
}

/** Type guard for any of the four kinds. */
export function isEipError(error: unknown): error is EipError {
  return error instanceof EipError;
}
