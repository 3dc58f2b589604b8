import { SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";

/**
 * Tells Pacemaker on the new holder to re-probe (e.g. `crm_resource --refresh`), through SSM Run Command,
 * so the cluster learns where the address is and does not move it back. Returns the command id.
 */
export async function reconcilePacemaker(
  ssm: SSMClient,
  instanceId: string,
  command: string,
  signal: AbortSignal,
): Promise<string> {
  const out = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [instanceId],
      Parameters: { commands: [command] },
      Comment: "eip-failover: reconcile Pacemaker after an out-of-band move",
      TimeoutSeconds: 60,
    }),
    { abortSignal: signal },
  );
  return out.Command?.CommandId ?? "";
}
