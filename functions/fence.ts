import { type EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { ConfigurationError, ErrorReasons, isDown, type OperationOptions, withRetry } from "../core/index.ts";

/**
 * Force-stops the failed instance, as ClusterLabs fence_aws does, and confirms from EC2's answer that it is
 * on its way down: a node that might still answer for the address must not keep it after the move.
 *
 * @throws ConfigurationError (reason `rejected`) naming the instance and state when EC2 does not confirm the
 *   stop: asking again would not change EC2's answer, a person must look at the node.
 */
export async function fenceByStop(
  ec2: EC2Client,
  instanceId: string,
  options: OperationOptions,
): Promise<string> {
  const out = await withRetry(
    (signal) =>
      ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId], Force: true }), { abortSignal: signal }),
    { ...options, context: { action: "StopInstances", instanceId } },
  );
  const state = out.StoppingInstances?.find((i) => i.InstanceId === instanceId)?.CurrentState?.Name;
  if (!isDown(state))
    throw new ConfigurationError(
      `fencing not confirmed: StopInstances left ${instanceId} in state '${state ?? "unknown"}'`,
      { action: "StopInstances", instanceId },
      { reason: ErrorReasons.rejected },
    );
  return state;
}
