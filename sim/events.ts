import { randomUUID } from "node:crypto";
import { REGION } from "./constants.ts";
import type { Ec2State } from "./vocabulary.ts";

/** Account id moto uses by default; events carry it like AWS's do. */
export const SIM_ACCOUNT = "123456789012";

export type { Ec2State } from "./vocabulary.ts";
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** EventBridge's "EC2 Instance State-change Notification", field for field as AWS documents it. */
export interface InstanceStateChangeEvent {
  id: string;
  "detail-type": "EC2 Instance State-change Notification";
  source: "aws.ec2";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: { "instance-id": string; state: Ec2State };
}

interface AlarmStateValue {
  reason: string;
  reasonData: string;
  timestamp: string;
  value: AlarmState;
}

/** EventBridge's "CloudWatch Alarm State Change" of a single-metric alarm, as AWS documents it. */
export interface AlarmStateChangeEvent {
  version: "0";
  id: string;
  "detail-type": "CloudWatch Alarm State Change";
  source: "aws.cloudwatch";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    alarmName: string;
    configuration: {
      description: string;
      metrics: {
        id: string;
        metricStat: {
          metric: { dimensions: Record<string, string>; name: string; namespace: string };
          period: number;
          stat: string;
        };
        returnData: boolean;
      }[];
    };
    previousState: AlarmStateValue;
    state: AlarmStateValue;
  };
}

/** EventBridge's envelope time: ISO-8601 to the second, as AWS sends it. */
const eventTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** CloudWatch's timestamp style inside alarm details. */
const alarmTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

/**
 * A real-shaped instance state change.
 *
 * @example
 * await handler(instanceStateChange({ instanceId: nodes.A.instanceId, state: "stopped" }), context);
 */
export function instanceStateChange(input: {
  instanceId: string;
  state: Ec2State;
  region?: string;
  account?: string;
  time?: number;
}): InstanceStateChangeEvent {
  const region = input.region ?? REGION;
  const account = input.account ?? SIM_ACCOUNT;
  return {
    id: randomUUID(),
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account,
    time: eventTime(input.time ?? Date.now()),
    region,
    resources: [`arn:aws:ec2:${region}:${account}:instance/${input.instanceId}`],
    detail: { "instance-id": input.instanceId, state: input.state },
  };
}

function stateValue(value: AlarmState, reason: string, ms: number, datapoint: number): AlarmStateValue {
  return {
    reason,
    reasonData: JSON.stringify({
      version: "1.0",
      queryDate: alarmTime(ms),
      statistic: "Maximum",
      period: 60,
      recentDatapoints: [datapoint],
      threshold: 0.0,
    }),
    timestamp: alarmTime(ms),
    value,
  };
}

/**
 * A real-shaped alarm state change on the instance status check metric (`StatusCheckFailed`).
 * Without `instanceId` the alarm has no InstanceId dimension, as a hostile or foreign alarm might.
 */
export function alarmStateChange(input: {
  alarmName: string;
  instanceId?: string;
  state: AlarmState;
  previousState?: AlarmState;
  reason?: string;
  region?: string;
  account?: string;
  time?: number;
}): AlarmStateChangeEvent {
  const region = input.region ?? REGION;
  const account = input.account ?? SIM_ACCOUNT;
  const now = input.time ?? Date.now();
  const failing = input.state === "ALARM";
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "CloudWatch Alarm State Change",
    source: "aws.cloudwatch",
    account,
    time: eventTime(now),
    region,
    resources: [`arn:aws:cloudwatch:${region}:${account}:alarm:${input.alarmName}`],
    detail: {
      alarmName: input.alarmName,
      configuration: {
        description: "EC2 status check failed",
        metrics: [
          {
            id: randomUUID(),
            metricStat: {
              metric: {
                dimensions: input.instanceId ? { InstanceId: input.instanceId } : {},
                name: "StatusCheckFailed",
                namespace: "AWS/EC2",
              },
              period: 60,
              stat: "Maximum",
            },
            returnData: true,
          },
        ],
      },
      previousState: stateValue(
        input.previousState ?? (failing ? "OK" : "ALARM"),
        "previous evaluation",
        now - 60_000,
        failing ? 0 : 1,
      ),
      state: stateValue(
        input.state,
        input.reason ??
          `Threshold Crossed: 1 out of the last 1 datapoints [${failing ? "1.0" : "0.0"}] was ${failing ? "" : "not "}greater than the threshold (0.0).`,
        now,
        failing ? 1 : 0,
      ),
    },
  };
}
