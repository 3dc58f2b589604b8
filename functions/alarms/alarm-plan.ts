import type { MetricAlarm, PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import type { ClusterConfig } from "../clusters/read.ts";

/** A member's alarm as {@link alarmFor} defines it: always named. */
export type MemberAlarm = PutMetricAlarmCommandInput & { readonly AlarmName: string };

/**
 * The one definition of a member's status alarm: `StatusCheckFailed` of instance `instanceId` at least 1 for
 * two minutes. Its name is the stack's prefix and the instance id (the EventBridge rule matches the prefix, and
 * the operator's doctor finds a member's alarm by that name). It has no actions: the rule routes its ALARM
 * transitions to the controller.
 *
 * @example
 * alarmFor("eip-failover-prod-status-", "i-0123456789abcdef0").AlarmName // "eip-failover-prod-status-i-0123456789abcdef0"
 */
export function alarmFor(prefix: string, instanceId: string): MemberAlarm {
  return {
    AlarmName: `${prefix}${instanceId}`,
    AlarmDescription: `eip-failover: status checks of ${instanceId} failed; the controller moves its Elastic IPs`,
    Namespace: "AWS/EC2",
    MetricName: "StatusCheckFailed",
    Dimensions: [{ Name: "InstanceId", Value: instanceId }],
    Statistic: "Maximum",
    Period: 60,
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    TreatMissingData: "missing",
  };
}

/** What {@link planAlarms} decides: alarms to create or correct, and alarm names to delete. */
export interface AlarmPlan {
  readonly put: readonly PutMetricAlarmCommandInput[];
  readonly delete: readonly string[];
  /** Why nothing is deleted although some alarm has no member, when that is so. */
  readonly keptBecause?: string;
}

// The fields of the definition an existing alarm must match; anything else (its state, its ARN) is AWS's.
const COMPARED = [
  "AlarmDescription",
  "Namespace",
  "MetricName",
  "Statistic",
  "Period",
  "EvaluationPeriods",
  "DatapointsToAlarm",
  "Threshold",
  "ComparisonOperator",
  "TreatMissingData",
] as const;

/** True when the alarm CloudWatch has is the one the definition asks for. */
function matches(want: PutMetricAlarmCommandInput, have: MetricAlarm): boolean {
  if (COMPARED.some((field) => want[field] !== have[field])) return false;
  if ((have.AlarmActions ?? []).length + (have.OKActions ?? []).length > 0) return false;
  return JSON.stringify(want.Dimensions) === JSON.stringify(have.Dimensions ?? []);
}

/**
 * The alarm changes that make CloudWatch match the cluster documents: one alarm per member instance (once,
 * however many clusters list it), created or corrected when missing or changed, and every alarm under the
 * prefix whose instance is in no document deleted. Pure.
 *
 * While any document is invalid its members are unknown, so nothing is deleted (a typo must not remove a
 * cluster's alarms); the plan says why in `keptBecause`.
 *
 * @example
 * planAlarms("eip-failover-prod-status-", config, await listAlarms(...)) // { put: [...], delete: [...] }
 */
export function planAlarms(
  prefix: string,
  config: ClusterConfig,
  existing: readonly MetricAlarm[],
): AlarmPlan {
  const members = new Set(config.clusters.flatMap((c) => c.members.map((m) => m.instanceId)));
  const have = new Map(existing.flatMap((a) => (a.AlarmName?.startsWith(prefix) ? [[a.AlarmName, a]] : [])));
  const wants = [...members].sort().map((id) => alarmFor(prefix, id));
  const put = wants.filter((want) => {
    const alarm = have.get(want.AlarmName);
    return !alarm || !matches(want, alarm);
  });
  const wanted = new Set(wants.map((want) => want.AlarmName));
  const stale = [...have.keys()].filter((name) => !wanted.has(name)).sort();
  if (stale.length && config.invalid.length)
    return {
      put,
      delete: [],
      keptBecause: `${config.invalid.length} cluster document(s) invalid: their members are unknown, so no alarm is deleted (${stale.join(", ")})`,
    };
  return { put, delete: stale };
}
