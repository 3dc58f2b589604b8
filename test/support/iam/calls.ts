import { CORE_IAM_CALLS, EC2_CONTEXT, EC2_RESOURCE, type IamCall } from "../../../core/iam-calls.ts";
import { FUNCTIONS_IAM_CALLS } from "../../../functions/iam-calls.ts";
import { grantedActions } from "./template.ts";

/** Every call the code makes: core/'s table, then functions/'s. */
export const ALL_IAM_CALLS: readonly IamCall[] = [...CORE_IAM_CALLS, ...FUNCTIONS_IAM_CALLS];

/**
 * What the distribution's fence_aws (fence-agents 4.12, boto3) sends with a node's instance role when Pacemaker
 * fences a peer: DescribeInstances for status and list (and to check that its own node still runs), StopInstances
 * (Force) for off, StartInstances for on. The node role grants the power calls on its own cluster's peers only.
 */
export const FENCE_AWS_CALLS: readonly IamCall[] = [
  { command: "describe_instances", action: "ec2:DescribeInstances", callers: ["agent"], resources: [] },
  ...(["StopInstances", "StartInstances"] as const).map(
    (name): IamCall => ({
      command: name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase(),
      action: `ec2:${name}`,
      callers: ["agent"],
      resources: [EC2_RESOURCE.instance],
      context: EC2_CONTEXT,
    }),
  ),
];

/** Whether a node's fence_aws sends `action` (then the node role may send it to its cluster's peer). */
export const fenceAwsSends = (action: string): boolean => FENCE_AWS_CALLS.some((c) => c.action === action);

/** Actions no code of ours calls but AWS does with our roles, each with who and why. */
export const CALLED_BY_AWS: Readonly<Record<string, string>> = {
  "logs:CreateLogGroup": "the Lambda runtime writes the function's logs (sls grants these)",
  "logs:CreateLogStream": "the Lambda runtime writes the function's logs",
  "logs:PutLogEvents": "the Lambda runtime writes the function's logs",
  "logs:TagResource": "sls tags the function's log group",
  "sqs:ReceiveMessage": "Lambda's event source mapping polls the decisions queue for the controller",
  "sqs:DeleteMessage": "Lambda's event source mapping deletes the records the controller decided",
  "sqs:GetQueueAttributes": "Lambda's event source mapping reads the decisions queue's attributes",
  "ssm:UpdateInstanceInformation": "the SSM Agent on a node registers, to receive Run Command",
  "ec2messages:AcknowledgeMessage": "the SSM Agent receives Run Command",
  "ec2messages:DeleteMessage": "the SSM Agent receives Run Command",
  "ec2messages:FailMessage": "the SSM Agent receives Run Command",
  "ec2messages:GetEndpoint": "the SSM Agent receives Run Command",
  "ec2messages:GetMessages": "the SSM Agent receives Run Command",
  "ec2messages:SendReply": "the SSM Agent receives Run Command",
  "ssmmessages:CreateControlChannel": "the SSM Agent's control channel",
  "ssmmessages:CreateDataChannel": "the SSM Agent's data channel",
  "ssmmessages:OpenControlChannel": "the SSM Agent's control channel",
  "ssmmessages:OpenDataChannel": "the SSM Agent's data channel",
};

/** The actions the template grants that neither a code path, fence_aws, nor AWS on the stack's behalf calls. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is free-form JSON.
export function unusedActions(template: any): string[] {
  const used = new Set([
    ...ALL_IAM_CALLS.map((c) => c.action),
    ...FENCE_AWS_CALLS.map((c) => c.action),
    ...Object.keys(CALLED_BY_AWS),
  ]);
  return grantedActions(template).filter((a) => !used.has(a));
}
