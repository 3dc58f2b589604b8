import { type EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import {
  ConfigurationError,
  type ErrorReason,
  ErrorReasons,
  isDown,
  isEipError,
  type OperationOptions,
  withRetry,
} from "../../core/index.ts";

/**
 * The reasons for which a stop with `SkipOsShutdown` is sent again with `Force` alone. An EC2 API that
 * predates the parameter (a Region or partition it has not reached yet) answers `UnknownParameter`, and one
 * that cannot apply it `UnsupportedOperation`: client errors not known to be the input's, which core
 * classifies `rejected`. Any other failure (permission, instance not found, throttling) is not about the
 * parameter and stands.
 */
const RETRY_WITH_FORCE_ALONE: ReadonlySet<ErrorReason> = new Set([ErrorReasons.rejected]);

/** Whether `error` is EC2 refusing `SkipOsShutdown` (so a plain forced stop may still succeed). */
export function refusesSkipOsShutdown(error: unknown): boolean {
  return isEipError(error) && RETRY_WITH_FORCE_ALONE.has(error.reason);
}

/** How the instance is stopped: without its OS shutting down (EC2's 2025 parameter), or forced only. */
export type StopMode = "skip-os-shutdown" | "force";

/** What a fence did: the state EC2 confirmed, and how the stop was sent (for the log and the drill). */
export interface Fenced {
  readonly state: string;
  readonly mode: StopMode;
  /**
   * The state EC2 says the instance was in when the stop arrived. Already stopping or stopped means someone
   * stopped it first (seconds ago, when a read still showed it running: a duplicate of this decision).
   * Undefined when EC2 did not say.
   */
  readonly previous?: string;
}

async function stop(ec2: EC2Client, instanceId: string, mode: StopMode, options: OperationOptions) {
  return withRetry(
    (signal) =>
      ec2.send(
        new StopInstancesCommand({
          InstanceIds: [instanceId],
          Force: true,
          ...(mode === "skip-os-shutdown" ? { SkipOsShutdown: true } : {}),
        }),
        { abortSignal: signal },
      ),
    { ...options, context: { action: "StopInstances", instanceId } },
  );
}

/**
 * Stops the failed instance without waiting for its OS to shut down (`SkipOsShutdown` with `Force`, as
 * ClusterLabs fence_aws does since 2025), or with `Force` alone where EC2 refuses that parameter, and
 * confirms from EC2's answer that it is on its way down: a node that might still answer for the address
 * must not keep it after the move.
 *
 * @throws ConfigurationError (reason `rejected`) naming the instance and state when EC2 does not confirm the
 *   stop: asking again would not change EC2's answer, a person must look at the node.
 */
export async function fenceByStop(
  ec2: EC2Client,
  instanceId: string,
  options: OperationOptions,
): Promise<Fenced> {
  let mode: StopMode = "skip-os-shutdown";
  const out = await stop(ec2, instanceId, mode, options).catch((error: unknown) => {
    if (!refusesSkipOsShutdown(error)) throw error;
    mode = "force";
    return stop(ec2, instanceId, mode, options);
  });
  const answer = out.StoppingInstances?.find((i) => i.InstanceId === instanceId);
  const state = answer?.CurrentState?.Name;
  const previous = answer?.PreviousState?.Name;
  if (!isDown(state))
    throw new ConfigurationError(
      `fencing not confirmed: StopInstances left ${instanceId} in state '${state ?? "unknown"}'`,
      { action: "StopInstances", instanceId },
      { reason: ErrorReasons.rejected },
    );
  return { state, mode, ...(previous ? { previous } : {}) };
}
