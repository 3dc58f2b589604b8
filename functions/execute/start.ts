import { type EC2Client, StartInstancesCommand } from "@aws-sdk/client-ec2";
import { type OperationOptions, withRetry } from "../../core/index.ts";

/**
 * Starts the fenced instance again once the set has moved (fencing "reboot"), as fence_aws's `on` does after
 * its `off`: it boots and rejoins its cluster as the standby. Returns the state EC2 answered (`pending`; `running`
 * when someone started it first, e.g. fence_aws's own reboot), or "unknown" when EC2 did not say.
 *
 * @throws what core's retry gives up with (a permission, a capacity refusal, a spent deadline): the move stands,
 *   the member stays stopped, and the moved notice says why.
 * @example
 * await startAgain(ec2, "i-0a…", { deadline, sleep }); // "pending"
 */
export async function startAgain(
  ec2: EC2Client,
  instanceId: string,
  options: OperationOptions,
): Promise<string> {
  const out = await withRetry(
    (signal) => ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal }),
    { ...options, context: { action: "StartInstances", instanceId } },
  );
  return out.StartingInstances?.find((i) => i.InstanceId === instanceId)?.CurrentState?.Name ?? "unknown";
}
