import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { FencingMode } from "../../functions/index.ts";
import type { CheckResult, DoctorMember } from "./types.ts";
import { verdict } from "./verdict.ts";

/** CloudWatch's EC2 recover action: `arn:aws:automate:us-east-1:ec2:recover`, in any partition and Region. */
const RECOVER_ACTION = /^arn:[^:]+:automate:[^:]+:ec2:recover$/;

/**
 * The account's alarms whose actions recover an instance, by the instance they watch (its InstanceId
 * dimension): every metric alarm, read-only, paged (CloudWatch filters actions by prefix only, per partition).
 */
export async function recoverAlarmsOf(cloudwatch: CloudWatchClient): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  let NextToken: string | undefined;
  do {
    const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm"], NextToken }));
    for (const alarm of page.MetricAlarms ?? []) {
      const recovers = [...(alarm.AlarmActions ?? []), ...(alarm.OKActions ?? [])].some((a) =>
        RECOVER_ACTION.test(a),
      );
      const instanceId = alarm.Dimensions?.find((d) => d.Name === "InstanceId")?.Value;
      if (recovers && instanceId)
        found.set(instanceId, [...(found.get(instanceId) ?? []), alarm.AlarmName ?? ""]);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

/** What the controller does about a member whose status check still fails after the grace window, by fencing. */
const MEANS: Readonly<Record<FencingMode, string>> = {
  reboot:
    "it stops the member, moves the address, and starts it again (a stop pre-empts EC2's recovery, and stop + start is AWS's advice when recovery fails)",
  stop: "it stops the member and moves the address; the member stays stopped (EC2's recovery acts only on a running instance)",
  none: "it moves the address unfenced; EC2's recovery may still reboot the member, which then rejoins as the standby",
};

/**
 * Informational, never a failure: the member's EC2 auto-recovery (DescribeInstances
 * MaintenanceOptions.AutoRecovery; absent, as moto leaves it, is EC2's default) and any CloudWatch alarm that
 * recovers it, with what the controller does beside it (docs/fencing.md, "Decision": it does not wait for
 * EC2's recovery). Pure.
 *
 * @example
 * recoveryCheck("web", "reboot", member) // { id: "member.auto-recovery", ok: true, what: "member i-0a…: EC2 auto-recovery default …" }
 */
export function recoveryCheck(cluster: string, fencing: FencingMode, m: DoctorMember): CheckResult {
  const setting =
    m.autoRecovery === undefined
      ? "default (EC2 did not say; taken as its default: simplified automatic recovery where the type supports it)"
      : m.autoRecovery === "default"
        ? "default (simplified automatic recovery where the type supports it)"
        : m.autoRecovery;
  const alarms = m.recoverAlarms?.length ? `recover alarm ${m.recoverAlarms.join(", ")}` : "no recover alarm";
  return verdict(
    { id: "member.auto-recovery", cluster, subject: m.instanceId },
    true,
    `member ${m.instanceId}: EC2 auto-recovery ${setting}, ${alarms} (informational: the controller does not wait for EC2's recovery; with fencing ${fencing}, once graceSeconds pass and its status check still fails, ${MEANS[fencing]})`,
    "",
  );
}
