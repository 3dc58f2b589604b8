// Tested by test/unit/functions/event/failover.test.ts (the command sent after a move, none when nothing moved).
import { SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";

/**
 * Tells Pacemaker on the new holder to re-probe (e.g. `crm_resource --refresh`), through SSM Run Command,
 * so the cluster learns where the address is and does not move it back: `script` is the shell script's lines
 * (plan/plan-set.ts `scriptOf`: a wait for EC2's lag, then the command). Returns the command id.
 */
export async function reconcilePacemaker(
  ssm: SSMClient,
  instanceId: string,
  script: readonly string[],
  signal: AbortSignal,
): Promise<string> {
  const out = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [instanceId],
      Parameters: { commands: [...script] },
      Comment: "eip-failover: reconcile Pacemaker after an out-of-band move",
      TimeoutSeconds: 60,
    }),
    { abortSignal: signal },
  );
  return out.Command?.CommandId ?? "";
}
