import { type EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import {
  ConfigurationError,
  detachesAddresses,
  type ErrorReason,
  ErrorReasons,
  isDown,
  isEipError,
  type OperationOptions,
  observeMembers,
  shortenedBy,
  TransientError,
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

/** How often the wait for `stopped` reads the instance's state: fence_aws's `stonith_status_sleep`, 1 s. */
export const STOPPED_POLL_MS = 1_000;

/**
 * What the wait for `stopped` leaves of the invocation's deadline: the set's moves (a cluster's 100 route
 * entries take about 35 s at the container's share, see clusters/schema.ts; an address or two, well under a
 * second) and the start after them. A stop that outlasts the rest is the queue's to wait out (a retry).
 */
export const AFTER_STOP_RESERVE_MS = 20_000;

/**
 * Reads the fenced instance's state (DescribeInstanceStatus) every {@link STOPPED_POLL_MS} until it is
 * `stopped` (or gone, or terminated: it cannot answer either), within the deadline less
 * {@link AFTER_STOP_RESERVE_MS}. A read may lag the stop: `running` or `stopping` after EC2 answered the stop is
 * only not yet `stopped`, so it reads again. Returns the state that ended the wait.
 *
 * @throws TransientError (reason `deadline`) when the deadline comes first: nothing moves off an instance that
 *   is not yet stopped; the decisions queue retries the record, whose fence finds it stopping or stopped and
 *   waits again, in a fresh invocation.
 * @example
 * await fenceByStop(ec2, "i-0a…", options);
 * await awaitStopped(ec2, "i-0a…", { deadline, sleep }); // "stopped"
 */
export async function awaitStopped(
  ec2: EC2Client,
  instanceId: string,
  options: OperationOptions & { readonly sleep: (ms: number) => Promise<unknown> },
): Promise<string> {
  const deadline = shortenedBy(options.deadline, AFTER_STOP_RESERVE_MS);
  for (;;) {
    const [now] = await observeMembers(ec2, [instanceId], { ...options, deadline });
    if (!now) return "gone";
    if (now.state === "stopped" || detachesAddresses(now.state)) return now.state;
    if (deadline.remaining() <= STOPPED_POLL_MS)
      throw new TransientError(
        `fencing not confirmed in time: ${instanceId} is still ${now.state}, not stopped, with ${options.deadline.remaining()} ms of the invocation left (nothing moves before it is stopped; the queue retries)`,
        { action: "DescribeInstanceStatus", instanceId },
        { reason: ErrorReasons.deadline },
      );
    await options.sleep(STOPPED_POLL_MS);
  }
}
