import { EC2_CONTEXT, EC2_RESOURCE, type IamCall } from "../core/iam-calls.ts";

/** A CloudWatch alarm, by name: the controller's are named `${alarmPrefix}${instanceId}`. */
const ALARM = { type: "alarm", arn: "arn:{partition}:cloudwatch:{region}:{account}:alarm:{alarmName}" };

/**
 * Every AWS call functions/ makes beyond core/'s (fence, config, reconcile, recheck, notices, the sweep's
 * reads, the status alarms), with what IAM is asked for each.
 * A test fails when a `new …Command(` in the source has no entry here or in core/iam-calls.ts.
 */
export const FUNCTIONS_IAM_CALLS: readonly IamCall[] = [
  {
    // one request context whether or not it carries SkipOsShutdown: EC2 authorises the instance either way
    command: "StopInstancesCommand",
    action: "ec2:StopInstances",
    callers: ["controller"],
    resources: [EC2_RESOURCE.instance],
    context: EC2_CONTEXT,
  },
  {
    // fencing "reboot": the fenced member's start after the move (functions/execute/start.ts)
    command: "StartInstancesCommand",
    action: "ec2:StartInstances",
    callers: ["controller"],
    resources: [EC2_RESOURCE.instance],
    context: EC2_CONTEXT,
  },
  {
    command: "GetParametersByPathCommand",
    action: "ssm:GetParametersByPath",
    callers: ["controller"],
    resources: [{ type: "parameter", arn: "arn:{partition}:ssm:{region}:{account}:parameter/{path}" }],
    context: { "ssm:Recursive": "true" },
  },
  {
    // SSM hands IAM the target instance's tags as ssm:resourceTag/…; the AWS-owned document has none
    command: "SendCommandCommand",
    action: "ssm:SendCommand",
    callers: ["controller"],
    resources: [
      { type: "document", arn: "arn:{partition}:ssm:{region}::document/{document}" },
      { type: "instance", arn: EC2_RESOURCE.instance.arn, tagKey: "ssm:resourceTag" },
    ],
  },
  {
    // Failover notices (notices/put-notices.ts): the default bus only, and only under the controller's own source.
    command: "PutEventsCommand",
    action: "events:PutEvents",
    callers: ["controller"],
    resources: [{ type: "event-bus", arn: "arn:{partition}:events:{region}:{account}:event-bus/{bus}" }],
    context: { "events:source": "eip-failover" },
  },
  {
    // the sweep: when a down holder went down (StateTransitionReason)
    command: "DescribeInstancesCommand",
    action: "ec2:DescribeInstances",
    callers: ["controller"],
    resources: [],
    context: EC2_CONTEXT,
  },
  {
    command: "DescribeAlarmsCommand",
    action: "cloudwatch:DescribeAlarms",
    callers: ["controller"],
    resources: [ALARM],
  },
  {
    command: "PutMetricAlarmCommand",
    action: "cloudwatch:PutMetricAlarm",
    callers: ["controller"],
    resources: [ALARM],
  },
  {
    command: "DeleteAlarmsCommand",
    action: "cloudwatch:DeleteAlarms",
    callers: ["controller"],
    resources: [ALARM],
  },
  {
    // a decision inside a grace window goes back to the decisions queue, delayed (functions/queue/requeue.ts)
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    callers: ["controller"],
    resources: [{ type: "queue", arn: "arn:{partition}:sqs:{region}:{account}:{queueName}" }],
  },
];
