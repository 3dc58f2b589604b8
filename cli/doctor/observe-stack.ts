import { DescribeAlarmsCommand, GetDashboardCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { ListRulesCommand, type Rule } from "@aws-sdk/client-eventbridge";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../clients.ts";
import { RULES } from "../stack/constants.ts";
import type { StackResources } from "../stack/types.ts";
import type { Unread } from "./check-ids.ts";
import { tryRead } from "./reads.ts";
import type { StackObservation } from "./types.ts";

async function alarmsUnder(clients: AwsClients, prefix: string): Promise<MetricAlarm[]> {
  const all: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ["MetricAlarm"], NextToken }),
    );
    all.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

async function rulesOf(clients: AwsClients, stack: StackResources): Promise<Rule[]> {
  const names = Object.values(stack.rules);
  if (names.length === 0) return [];
  // One ListRules call under the names' common prefix finds both (CloudFormation names a rule
  // `${stack}-${logicalId}-${suffix}`, shortening a long stack name).
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const all: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.events.send(new ListRulesCommand({ NamePrefix: prefix, NextToken }));
    all.push(...(page.Rules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

async function controllerOf(clients: AwsClients, name: string | undefined) {
  if (!name) return { exists: false } as const;
  try {
    const config = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    return { exists: true, name, dryRun: config.Environment?.Variables?.DRY_RUN } as const;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return { exists: false, name } as const;
    throw error;
  }
}

async function deadLettersOf(clients: AwsClients, url: string | undefined) {
  if (!url) return { exists: false } as const;
  const attributes = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }),
  );
  const count = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
  if (count === 0) return { exists: true, url, count } as const;
  // A peek: VisibilityTimeout 0 leaves every message visible (only its receive count grows); the oldest
  // SentTimestamp of up to ten is the age an operator needs to know how long failures went unnoticed.
  const peek = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ["SentTimestamp"],
    }),
  );
  const sent = (peek.Messages ?? []).map((m) => Number(m.Attributes?.SentTimestamp)).filter(Number.isFinite);
  return { exists: true, url, count, oldestSentAt: sent.length ? Math.min(...sent) : undefined } as const;
}

/** Whether CloudWatch has the dashboard `name` (GetDashboard answers ResourceNotFound when it does not). */
async function dashboardExists(clients: AwsClients, name: string): Promise<boolean> {
  try {
    await clients.cloudwatch.send(new GetDashboardCommand({ DashboardName: name }));
    return true;
  } catch (error) {
    const code = (error as Error).name;
    if (code === "ResourceNotFound" || code === "ResourceNotFoundException") return false;
    throw error;
  }
}

/**
 * What the doctor reads of the stack beyond EC2 and SSM, in five read-only calls (six when the dead-letter
 * queue holds messages): DescribeAlarms under the alarm prefix, ListRules, GetFunctionConfiguration,
 * GetQueueAttributes (and a ReceiveMessage peek), GetDashboard. Each read that fails leaves its part empty and its reason
 * in `unread` (the checks that need it are then unknown); the others still answer.
 */
export async function observeStack(
  clients: AwsClients,
  stack: StackResources,
  clock: () => number = Date.now,
): Promise<{ readonly stack: StackObservation; readonly unread: Unread }> {
  const unread: Unread = {};
  const [alarms, rules, controller, deadLetters, dashboard] = await Promise.all([
    tryRead(unread, "alarms", "DescribeAlarms", [], () => alarmsUnder(clients, stack.alarmPrefix)),
    tryRead(unread, "rules", "ListRules", [], () => rulesOf(clients, stack)),
    tryRead(
      unread,
      "controller",
      "GetFunctionConfiguration",
      { exists: false, name: stack.functionName } as const,
      () => controllerOf(clients, stack.functionName),
    ),
    tryRead(unread, "deadLetters", "GetQueueAttributes or ReceiveMessage", { exists: false } as const, () =>
      deadLettersOf(clients, stack.deadLetterQueueUrl),
    ),
    tryRead(unread, "dashboard", "GetDashboard", false, () => dashboardExists(clients, stack.dashboardName)),
  ]);
  const observed: StackObservation = {
    name: stack.stackName,
    alarmPrefix: stack.alarmPrefix,
    alarms: alarms.map((a) => ({
      name: a.AlarmName ?? "",
      namespace: a.Namespace,
      metric: a.MetricName,
      instanceId: a.Dimensions?.find((d) => d.Name === "InstanceId")?.Value,
    })),
    rules: RULES.map((logicalId) => {
      const name = stack.rules[logicalId];
      const found = rules.find((r) => r.Name === name);
      return { logicalId, name, state: found?.State };
    }),
    controller,
    deadLetters,
    dashboard: { name: stack.dashboardName, exists: dashboard },
    nodeProfiles: stack.nodeProfiles,
    at: clock(),
  };
  return { stack: observed, unread };
}
