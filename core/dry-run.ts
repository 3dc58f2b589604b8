import { AssociateAddressCommand, DisassociateAddressCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { associateInput, moveContext } from "./associate.ts";
import { describeContext } from "./classify.ts";
import {
  ConfigurationError,
  type EipError,
  type ErrorContext,
  type ErrorReason,
  ErrorReasons,
  isEipError,
  PermissionError,
} from "./errors.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import type { AddressSnapshot, Target } from "./types.ts";

/** The code EC2 answers a DryRun with when the request would have been authorised. */
export const DRY_RUN_ALLOWED = "DryRunOperation";

/**
 * What a DryRun said. `action` is the IAM action (`ec2:AssociateAddress`). Not allowed: `code` is EC2's
 * error code, `reason` core's (`permission` for UnauthorizedOperation), `error` the core error to throw.
 */
export type DryRunAnswer =
  | { readonly allowed: true; readonly action: string; readonly code: typeof DRY_RUN_ALLOWED }
  | {
      readonly allowed: false;
      readonly action: string;
      readonly code: string;
      readonly reason: ErrorReason;
      readonly error: EipError;
    };

/** Any EC2 command whose input may say DryRun (most of EC2's do). */
export interface DryRunCommand {
  readonly input: { readonly DryRun?: boolean | undefined };
}

/** What sends a {@link DryRunCommand}: an EC2Client. */
export interface DryRunSender<C extends DryRunCommand> {
  send(command: C, options: { abortSignal: AbortSignal }): Promise<unknown>;
}

/**
 * Sends `command`, which must carry `DryRun: true`, and says whether the credentials may make it: EC2 checks
 * the permission and changes nothing. Transient errors are retried inside the deadline; any other error is
 * an answer (classified by core, so the edges map it by `reason`). `context.action` names the EC2 action.
 *
 * @throws ConfigurationError (reason `argument`) when the command does not carry `DryRun: true`.
 * @example
 * // stop: a StopInstancesCommand whose input has InstanceIds: [id], DryRun: true
 * const answer = await dryRun(ec2, stop, { action: "StopInstances", instanceId: id }, { deadline });
 * if (!answer.allowed) throw answer.error;
 */
export async function dryRun<C extends DryRunCommand>(
  ec2: DryRunSender<C>,
  command: C,
  context: ErrorContext & { readonly action: string },
  options: OperationOptions,
): Promise<DryRunAnswer> {
  const action = `ec2:${context.action}`;
  // A request without DryRun would be carried out: refuse before anything is sent.
  if (command.input.DryRun !== true)
    throw new ConfigurationError(`${action} sent to dryRun without DryRun: true`, context, {
      reason: ErrorReasons.argument,
    });
  try {
    const said = await withRetry(
      (signal) => ec2.send(command, { abortSignal: signal }).catch(allowedOrThrow),
      { ...options, context },
    );
    if (said !== DRY_RUN_ALLOWED)
      throw new ConfigurationError(
        `${action} was carried out although it said DryRun: the endpoint ignores DryRun (expected EC2's ${DRY_RUN_ALLOWED} answer)`,
        context,
        { reason: ErrorReasons.rejected },
      );
  } catch (error) {
    if (!isEipError(error)) throw error;
    return {
      allowed: false,
      action,
      code: error.context.code ?? error.name,
      reason: error.reason,
      error: named(action, error),
    };
  }
  return { allowed: true, action, code: DRY_RUN_ALLOWED };
}

/** EC2's "would have succeeded" is an error answer: it ends the retries as a success. */
function allowedOrThrow(error: unknown): typeof DRY_RUN_ALLOWED {
  if (error instanceof Error && error.name === DRY_RUN_ALLOWED) return DRY_RUN_ALLOWED;
  throw error;
}

/** A denial that names the IAM action and the resources it was asked on. */
function named(action: string, error: EipError): EipError {
  if (error.reason !== ErrorReasons.permission) return error;
  return new PermissionError(
    `permission denied: ${action} on ${describeContext(error.context)} (DryRun answered ${error.context.code}): grant the role ${action} on these resources`,
    error.context,
    { cause: error },
  );
}

/**
 * DryRun of moving the address to `target` (with AllowReassociation, as a claim does: EC2 authorises the
 * address and the target instance or interface).
 */
export function dryRunAssociate(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  target: Target,
  options: OperationOptions,
): Promise<DryRunAnswer> {
  const command = new AssociateAddressCommand({ ...associateInput(snapshot, target, true), DryRun: true });
  const action = "AssociateAddress";
  return dryRun(ec2, command, { ...moveContext(action, snapshot, target), action }, options);
}

/**
 * DryRun of taking the address off its current holder (EC2 authorises the address and the holder's network
 * interface). Undefined when the address is not associated: there is nothing to ask about.
 */
export async function dryRunDisassociate(
  ec2: EC2Client,
  snapshot: AddressSnapshot,
  options: OperationOptions,
): Promise<DryRunAnswer | undefined> {
  const association = snapshot.association;
  if (!association) return undefined;
  const command = new DisassociateAddressCommand({ AssociationId: association.associationId, DryRun: true });
  const action = "DisassociateAddress";
  const context = {
    ...moveContext(action, snapshot),
    action,
    associationId: association.associationId,
    ...(association.networkInterfaceId ? { networkInterfaceId: association.networkInterfaceId } : {}),
  };
  return dryRun(ec2, command, context, options);
}
