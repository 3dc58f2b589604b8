import {
  type CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from "@aws-sdk/client-cloudformation";
import { DEFAULT_CONFIG_PREFIX } from "../../functions/constants.ts";
import { accountOfArn } from "../source.ts";
import { alarmPrefixOf, LogicalIds, Outputs, RULES } from "./constants.ts";
import { dashboardNameOf } from "./dashboard.ts";
import type { StackResources } from "./types.ts";

const historyOf = (group: string | undefined) => (group ? { historyLogGroup: group } : {});

/** The stack does not exist (or cannot be read) in the Region asked. */
export class StackNotFound extends Error {
  override readonly name = "StackNotFound";
}

/** Every resource of the stack, page after page. */
export async function listResources(cfn: CloudFormationClient, StackName: string) {
  const all: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName, NextToken }));
    all.push(...(page.StackResourceSummaries ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/**
 * Finds the stack's resources and config path from CloudFormation: DescribeStacks (outputs) and
 * ListStackResources (physical ids), in parallel.
 *
 * @throws StackNotFound naming the stack and the Region, and what to pass instead.
 * @example
 * const stack = await discoverStack(cfn, "eip-failover-dev", "ap-northeast-1");
 */
export async function discoverStack(
  cfn: CloudFormationClient,
  stackName: string,
  region: string,
): Promise<StackResources> {
  const [described, resources] = await Promise.all([
    cfn.send(new DescribeStacksCommand({ StackName: stackName })),
    listResources(cfn, stackName),
  ]).catch((error: unknown) => {
    const e = error as { name?: string; message?: string };
    if (e.name === "ValidationError")
      throw new StackNotFound(
        `stack '${stackName}' not found in ${region} (deploy it with npx sls deploy, or pass --stack NAME and --region REGION)`,
        { cause: error },
      );
    throw error;
  });
  const outputs = Object.fromEntries(
    (described.Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
      o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue]] : [],
    ),
  );
  const physical = (logicalId: string) =>
    resources.find((r) => r.LogicalResourceId === logicalId)?.PhysicalResourceId;
  const profiles = resources.filter(
    (r) => r.ResourceType === "AWS::IAM::InstanceProfile" && r.LogicalResourceId && r.PhysicalResourceId,
  );
  const account = accountOfArn(described.Stacks?.[0]?.StackId);
  return {
    stackName,
    ...(account ? { account } : {}),
    configPrefix: outputs[Outputs.configPrefix] ?? DEFAULT_CONFIG_PREFIX,
    alarmPrefix: alarmPrefixOf(stackName),
    functionName: physical(LogicalIds.function),
    deadLetterQueueUrl: outputs[Outputs.deadLetterQueueUrl] ?? physical(LogicalIds.deadLetters),
    decisionsQueueUrl: outputs[Outputs.decisionsQueueUrl] ?? physical(LogicalIds.decisions),
    ...historyOf(outputs[Outputs.historyLogGroup] ?? physical(LogicalIds.history)),
    dashboardName: dashboardNameOf(stackName),
    rules: Object.fromEntries(RULES.flatMap((id) => (physical(id) ? [[id, physical(id)!]] : []))),
    nodeProfiles: Object.fromEntries(profiles.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!])),
  };
}
