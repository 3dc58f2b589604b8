// The embedded region's stand-in for the deployed stack. moto cannot run `sls deploy`'s template whole (no
// Lambda runtime, so no queue-fed function), so this small template creates, under the same logical ids and
// outputs, what the operator's command reads: the dead-letter queue and the decisions queue it redrives to, the
// controller's function (its configuration only: embedded invocations run the controller in-process), both
// EventBridge rules, the dashboard (functions/stack/dashboard.cjs's own resource), the failover history
// (functions/stack/history.cjs's own resources: moto's EventBridge delivers the notices to its log group), and one
// node role + instance profile per cluster. The status alarms are the controller's, not the stack's (issue 14):
// {@link putStatusAlarm} makes them as it does.

import { setTimeout as sleep } from "node:timers/promises";
import {
  type CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import { type CloudWatchClient, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { alarmFor } from "../../functions/alarms/alarm-plan.ts";
import { DECISIONS_QUEUE } from "../../functions/constants.ts";
import { LogicalIds, Outputs } from "./constants.ts";
import { dashboardResourceOf } from "./dashboard.ts";
import { historyResourcesOf } from "./history.ts";
import { profileKeyOf } from "./profile-key.ts";

const assumedBy = (service: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
});

/** The stand-in template for `clusters`, with the controller's settings `dryRun` and `configPrefix`. */
export function standInTemplate(stackName: string, clusters: readonly string[], configPrefix: string) {
  const rule = (source: string) => ({
    Type: "AWS::Events::Rule",
    Properties: { EventPattern: { source: [source] }, State: "ENABLED" },
  });
  const nodes = clusters.flatMap((name) => {
    const key = profileKeyOf(name);
    const role = `${key}Role`;
    return [
      [
        role,
        { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: assumedBy("ec2.amazonaws.com") } },
      ],
      [key, { Type: "AWS::IAM::InstanceProfile", Properties: { Roles: [{ Ref: role }] } }],
    ] as const;
  });
  return {
    Resources: {
      [LogicalIds.deadLetters]: { Type: "AWS::SQS::Queue" },
      [LogicalIds.decisions]: {
        Type: "AWS::SQS::Queue",
        Properties: {
          RedrivePolicy: {
            deadLetterTargetArn: { "Fn::GetAtt": [LogicalIds.deadLetters, "Arn"] },
            maxReceiveCount: DECISIONS_QUEUE.maxReceives,
          },
        },
      },
      [LogicalIds.dashboard]: dashboardResourceOf(stackName),
      ...historyResourcesOf(stackName, configPrefix),
      FailoverLambdaRole: {
        Type: "AWS::IAM::Role",
        Properties: { AssumeRolePolicyDocument: assumedBy("lambda.amazonaws.com") },
      },
      [LogicalIds.function]: {
        Type: "AWS::Lambda::Function",
        Properties: {
          FunctionName: `${stackName}-failover`,
          Runtime: "nodejs24.x",
          Handler: "functions/handler.handler",
          Role: { "Fn::GetAtt": ["FailoverLambdaRole", "Arn"] },
          Code: { ZipFile: "export const handler = async () => ({});" },
          Environment: { Variables: { CONFIG_PREFIX: configPrefix, DRY_RUN: "false" } },
        },
      },
      [LogicalIds.instanceFailureRule]: rule("aws.ec2"),
      [LogicalIds.statusAlarmRule]: rule("aws.cloudwatch"),
      ...Object.fromEntries(nodes),
    },
    Outputs: {
      [Outputs.deadLetterQueueUrl]: { Value: { Ref: LogicalIds.deadLetters } },
      [Outputs.decisionsQueueUrl]: { Value: { Ref: LogicalIds.decisions } },
      [Outputs.configPrefix]: { Value: configPrefix },
      [Outputs.historyLogGroup]: { Value: { Ref: LogicalIds.history } },
      ...Object.fromEntries(
        clusters.map((name) => [profileKeyOf(name), { Value: { Ref: profileKeyOf(name) } }]),
      ),
    },
  };
}

/** Creates the stand-in stack and waits until CloudFormation (moto) reports it complete. */
export async function createStandInStack(
  cfn: CloudFormationClient,
  stackName: string,
  clusters: readonly string[],
  configPrefix: string,
): Promise<void> {
  const template = standInTemplate(stackName, clusters, configPrefix);
  await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template) }));
  for (let i = 0; i < 200; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]
      ?.StackStatus;
    if (status === "CREATE_COMPLETE") return;
    if (status && !status.endsWith("IN_PROGRESS")) throw new Error(`stand-in stack ${stackName}: ${status}`);
    await sleep(50);
  }
  throw new Error(`stand-in stack ${stackName} was not created within 10 s`);
}

/**
 * The status alarm of member `instanceId`, as the deployed controller makes it (functions/alarms/alarm-plan.ts,
 * the one definition): on the embedded region no sweep runs before the doctor looks.
 */
export async function putStatusAlarm(cw: CloudWatchClient, alarmPrefix: string, instanceId: string) {
  await cw.send(new PutMetricAlarmCommand(alarmFor(alarmPrefix, instanceId)));
}
