import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import {
  ConfigurationError,
  type ConfigurationReason,
  ConflictError,
  type EipError,
  type ErrorContext,
  ErrorReasons,
  isEipError,
  PermissionError,
  TransientError,
} from "./errors.ts";

/** EC2 codes that mean "these credentials may not": retrying with the same role cannot help. */
const PERMISSION_CODES = new Set([
  "UnauthorizedOperation",
  "AuthFailure",
  "Blocked",
  "OptInRequired",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "AccessDeniedException",
]);

/** EC2 codes that mean "someone else changed the association", or created the route, since it was observed. */
const CONFLICT_CODES = new Set([
  "InvalidAssociationID.NotFound",
  "Resource.AlreadyAssociated",
  "RouteAlreadyExists",
]);

/** EC2 codes that say the Elastic IP or route table named does not exist. */
const NOT_FOUND_CODES = new Set([
  "InvalidAllocationID.NotFound",
  "InvalidAddress.NotFound",
  "InvalidRouteTableID.NotFound",
]);

/** EC2 codes about the association target (an instance, interface or private IP) rather than the address. */
const TARGET_CODES =
  /^(InvalidNetworkInterfaceID|InvalidInstanceID|InvalidParameterValue$|InvalidParameterCombination$|InvalidIPAddress)/;

/**
 * EC2 codes that say the input is wrong. Any other client error (a code EC2 adds later, or a rare one) is not
 * proven to be the input's fault: its reason is `rejected`.
 */
const INPUT_CODES = /^(Invalid|Missing)/;

/** Why EC2 refused a request as a client error, from its code. */
function configurationReason(code: string): ConfigurationReason {
  if (NOT_FOUND_CODES.has(code)) return ErrorReasons.notFound;
  if (TARGET_CODES.test(code)) return ErrorReasons.targetRefused;
  return INPUT_CODES.test(code) ? ErrorReasons.malformed : ErrorReasons.rejected;
}

/** Network failures that surface as Node system errors rather than SDK service errors. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
]);

interface SdkLikeError extends Error {
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: "client" | "server";
}

/** Describes the values in a context as `allocation id eipalloc-1, instance i-2`, for messages. */
export function describeContext(context: ErrorContext): string {
  const parts: string[] = [];
  if (context.allocationId) parts.push(`allocation id ${context.allocationId}`);
  if (context.publicIp) parts.push(`public IP ${context.publicIp}`);
  if (context.instanceId) parts.push(`instance ${context.instanceId}`);
  if (context.networkInterfaceId) parts.push(`network interface ${context.networkInterfaceId}`);
  if (context.associationId) parts.push(`association ${context.associationId}`);
  if (context.routeTableId) parts.push(`route table ${context.routeTableId}`);
  if (context.destination) parts.push(`destination ${context.destination}`);
  return parts.join(", ");
}

/** The value a configuration error is about, picked from the EC2 code, with a hint of what is valid. */
function configurationMessage(code: string, ec2Message: string, context: ErrorContext): string {
  if (code.startsWith("InvalidAllocationID"))
    return `allocation id ${code.endsWith("Malformed") ? "malformed" : "not found"}: ${context.allocationId ?? "?"} (expected an eipalloc-… id of this account and Region)`;
  if (code === "InvalidAddress.NotFound")
    return `public IP not found: ${context.publicIp ?? "?"} (expected an Elastic IP of this account and Region)`;
  if (code.startsWith("InvalidInstanceID"))
    return `instance ${code.endsWith("Malformed") ? "malformed" : "not found"}: ${context.instanceId ?? "?"} (expected an i-… id in this Region)`;
  if (code.startsWith("InvalidNetworkInterfaceID"))
    return `network interface ${code.endsWith("Malformed") ? "malformed" : "not found"}: ${context.networkInterfaceId ?? "?"} (expected an eni-… id in this Region)`;
  if (code.startsWith("InvalidRouteTableID"))
    return `route table ${code.endsWith("Malformed") ? "malformed" : "not found"}: ${context.routeTableId ?? "?"} (expected rtb-… ids of this account and Region; EC2 says: ${ec2Message})`;
  const values = describeContext(context);
  return `${context.action ?? "EC2"} rejected ${values || "the request"}: ${code}: ${ec2Message}`;
}

/**
 * Turns anything thrown by an EC2 call into one of the four kinds, with its {@link ErrorReasons reason},
 * keeping the original as `cause`.
 * Errors that are neither SDK nor network errors (programming errors) are returned unchanged.
 *
 * @example
 * try { await ec2.send(cmd) } catch (e) { throw classify(e, { action: "AssociateAddress", allocationId }) }
 */
export function classify(error: unknown, context: ErrorContext = {}): EipError | unknown {
  if (isEipError(error)) return error;
  if (!(error instanceof Error)) return error;
  const e = error as SdkLikeError;
  const code = e.name && e.name !== "Error" ? e.name : (e.code ?? "");
  const status = e.$metadata?.httpStatusCode;
  const ctx: ErrorContext = { ...context, code };
  const where = context.action ? `${context.action}: ` : "";
  const values = describeContext(context);

  if (PERMISSION_CODES.has(code))
    return new PermissionError(
      `permission denied: ${where}${code} for ${values || "the request"} (the instance role or credentials lack this permission)`,
      ctx,
      { cause: error },
    );
  if (CONFLICT_CODES.has(code))
    return new ConflictError(`conflict: ${where}${code} for ${values}`, undefined, ctx, { cause: error });
  const sdk = e as Parameters<typeof isThrottlingError>[0];
  const throttled = isThrottlingError(sdk);
  if (
    throttled ||
    isTransientError(sdk) ||
    isServerError(sdk) ||
    // Stryker disable next-line StringLiteral: any text that is not a network code reads the same as ""
    NETWORK_CODES.has(e.code ?? "") ||
    NETWORK_CODES.has(code) ||
    code === "AbortError" ||
    code === "CredentialsProviderError"
  ) {
    const reason = throttled
      ? ErrorReasons.throttled
      : code === "AbortError"
        ? ErrorReasons.deadline
        : ErrorReasons.unavailable;
    return new TransientError(`transient: ${where}${code || e.message} for ${values || "the request"}`, ctx, {
      reason,
      cause: error,
    });
  }
  if ((status !== undefined && status >= 400 && status < 500) || INPUT_CODES.test(code))
    return new ConfigurationError(configurationMessage(code, e.message, context), ctx, {
      reason: configurationReason(code),
      cause: error,
    });
  if (status !== undefined)
    return new TransientError(`transient: ${where}HTTP ${status} ${code} for ${values}`, ctx, {
      reason: ErrorReasons.unavailable,
      cause: error,
    });
  return error;
}
