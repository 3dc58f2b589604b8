// Deploys a packaged stack (package.ts) the way `sls deploy` does: create the stack with the deployment bucket alone,
// upload the code into that bucket, update the stack to the whole template. The embedded region uses it: moto's
// CloudFormation creates the packaged template whole.

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type Capability,
  type CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from "@aws-sdk/client-cloudformation";
import { type EventBridgeClient, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { type LambdaClient, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { listResources } from "./discover.ts";
import type { PackagedStack, Template } from "./package.ts";

/** What `sls deploy` passes: the stack creates roles and policies, some of them named. */
const CAPABILITIES: Capability[] = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"];
/** The create-stack template's output naming the deployment bucket (osls writes it). */
export const BUCKET_OUTPUT = "ServerlessDeploymentBucketName";

/** Where the deployment happens: CloudFormation, Lambda, EventBridge, and a way to put an object into a bucket. */
export interface DeployTarget {
  readonly cloudformation: CloudFormationClient;
  readonly lambda: LambdaClient;
  readonly events: EventBridgeClient;
  upload(bucket: string, key: string, body: Uint8Array): Promise<void>;
}

/** Each function's code object (`Code.S3Key`) in `template`, once each: sls packages the service as one zip. */
export function codeKeys(template: Template): string[] {
  const keys = Object.values(template.Resources).flatMap((r) => {
    const key = (r.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
    return r.Type === "AWS::Lambda::Function" && typeof key === "string" ? [key] : [];
  });
  return [...new Set(keys)];
}

async function settled(cfn: CloudFormationClient, StackName: string, want: string) {
  for (let i = 0; i < 600; i++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks?.[0];
    if (stack?.StackStatus === want) return stack;
    if (!stack?.StackStatus?.endsWith("IN_PROGRESS"))
      throw new Error(`stack ${StackName}: ${stack?.StackStatus ?? "gone"} (expected ${want})`);
    await sleep(50);
  }
  throw new Error(`stack ${StackName} did not reach ${want} within 30 s`);
}

/**
 * The rules of `template` whose targets include its functions, by logical id, with those targets' ids (a target is
 * a function's when its Arn is `Fn::GetAtt` of an AWS::Lambda::Function of the template, as sls writes it).
 */
export function functionTargets(template: Template): Record<string, string[]> {
  const isFunction = (arn: unknown) => {
    const id = (arn as { "Fn::GetAtt"?: unknown[] } | undefined)?.["Fn::GetAtt"]?.[0];
    return typeof id === "string" && template.Resources[id]?.Type === "AWS::Lambda::Function";
  };
  return Object.fromEntries(
    Object.entries(template.Resources).flatMap(([id, r]) => {
      if (r.Type !== "AWS::Events::Rule") return [];
      const targets = (r.Properties?.Targets ?? []) as { Id?: string; Arn?: unknown }[];
      const ids = targets.flatMap((t) => (isFunction(t.Arn) && t.Id ? [t.Id] : []));
      return ids.length ? [[id, ids]] : [];
    }),
  );
}

/**
 * Detaches the uploaded functions from what would run them: the event source mappings are disabled and the rules'
 * function targets removed (the rules stay, with their other targets). Nothing in the embedded region runs the
 * uploaded code: moto would start it in a container, and its EventBridge treats a schedule rule as matching every
 * event put on the bus and then fails the whole PutEvents on the Lambda target it cannot deliver to. The controller
 * runs in-process instead, and the command reads the decisions queue as SQS keeps it.
 */
async function detachFunctions(target: DeployTarget, stackName: string, template: Template): Promise<void> {
  const rules = functionTargets(template);
  for (const r of await listResources(target.cloudformation, stackName)) {
    if (!r.PhysicalResourceId || !r.LogicalResourceId) continue;
    if (r.ResourceType === "AWS::Lambda::EventSourceMapping")
      await target.lambda.send(
        new UpdateEventSourceMappingCommand({ UUID: r.PhysicalResourceId, Enabled: false }),
      );
    const ids = rules[r.LogicalResourceId];
    if (ids) await target.events.send(new RemoveTargetsCommand({ Rule: r.PhysicalResourceId, Ids: ids }));
  }
}

/**
 * Deploys `stack` as `stackName` into `target`, as `sls deploy` does, waits until it is complete, then detaches
 * the functions from their triggers (see detachFunctions: the embedded controller runs in-process).
 *
 * @example
 * await deployPackagedStack(target, "eip-failover-dev", await packagedStack({ clusters: "web" }));
 */
export async function deployPackagedStack(
  target: DeployTarget,
  stackName: string,
  stack: PackagedStack,
  read: (path: string) => Uint8Array = readFileSync,
): Promise<void> {
  const cfn = target.cloudformation;
  const send = (template: Template) => ({
    StackName: stackName,
    TemplateBody: JSON.stringify(template),
    Capabilities: CAPABILITIES,
  });
  await cfn.send(new CreateStackCommand(send(stack.createTemplate)));
  const created = await settled(cfn, stackName, "CREATE_COMPLETE");
  const bucket = created.Outputs?.find((o) => o.OutputKey === BUCKET_OUTPUT)?.OutputValue;
  if (!bucket) throw new Error(`stack ${stackName} has no output ${BUCKET_OUTPUT}`);
  for (const key of codeKeys(stack.updateTemplate))
    await target.upload(bucket, key, read(join(stack.dir, basename(key))));
  await cfn.send(new UpdateStackCommand(send(stack.updateTemplate)));
  await settled(cfn, stackName, "UPDATE_COMPLETE");
  await detachFunctions(target, stackName, stack.updateTemplate);
}
