import { type CloudWatchClient, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { alarmFor } from "../../functions/alarms/alarm-plan.ts";

/**
 * Puts the status alarm of member `instanceId` as the deployed controller's sweep makes it
 * (functions/alarms/alarm-plan.ts, the one definition). The stack holds no status alarm: the sweep keeps one per
 * member of the cluster documents, and on the embedded region no sweep runs before the command looks.
 *
 * @example
 * await putStatusAlarm(cloudwatch, alarmPrefixOf("eip-failover-dev"), "i-0abc…");
 */
export async function putStatusAlarm(cw: CloudWatchClient, alarmPrefix: string, instanceId: string) {
  await cw.send(new PutMetricAlarmCommand(alarmFor(alarmPrefix, instanceId)));
}
