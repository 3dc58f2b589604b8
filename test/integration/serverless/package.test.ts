import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { NODE_MAJOR } from "../../../agent/ocf/version.ts";
import { MAX_GRACE_SECONDS } from "../../../functions/clusters/schema.ts";
import { DECISIONS_QUEUE } from "../../../functions/constants.ts";
import { CALLED_BY_AWS, unusedActions } from "../../support/iam/calls.ts";
import { grantedActions, resolve } from "../../support/iam/template.ts";
import { PACKAGE_PARAMS, packageStack } from "../../support/sls-package.ts";

const run = promisify(execFile);
// Not .serverless/: every `sls package` (another file's, the embedded stack's cache) deletes that folder as it
// starts, whatever its --package, so a file that reads its output later keeps it in a folder of its own.
const DIR = ".tmp/package-test";
const TEMPLATE = `${DIR}/cloudformation-template-update-stack.json`;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}
type Template = {
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON read by assertions.
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
  Outputs?: Record<string, unknown>;
};

const MUTATING_EC2 =
  /^ec2:(Associate|Disassociate|Stop|Start|Terminate|Create|Delete|Modify|Release|Allocate|Run|Reboot|Replace)/;

const RESOURCE_STAR_OK =
  /^(ec2:Describe\w+|ssm:UpdateInstanceInformation|ec2messages:\w+|ssmmessages:(Create|Open)(Control|Data)Channel)$/;

describe("sls package (offline) and the CloudFormation it generates", () => {
  let template: Template;
  beforeAll(async () => {
    template = (await packageStack(DIR)) as Template;
  }, 240_000);

  const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
  // the two rules that carry failures to the decisions queue (the others: the sweep's, the notices')
  const failureRules = () =>
    ofType("AWS::Events::Rule").filter((r) =>
      ["aws.ec2", "aws.cloudwatch"].includes(r.Properties.EventPattern?.source?.[0]),
    );
  const statements = (): Statement[] => [
    ...ofType("AWS::IAM::Role").flatMap((role) =>
      (role.Properties.Policies ?? []).flatMap(
        (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
      ),
    ),
    ...ofType("AWS::IAM::ManagedPolicy").flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
  ];
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it("passes cfn-lint", async () => {
    const lint = await run("cfn-lint", [TEMPLATE]).then(
      () => ({ code: 0, out: "" }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(lint.out).toBe("");
    expect(lint.code).toBe(0);
  });

  it("has the CloudWatch dashboard, named as the stack, its dead-letter widget on the stack's own queue", () => {
    const [dashboard, ...more] = ofType("AWS::CloudWatch::Dashboard");
    expect(more).toEqual([]);
    expect(dashboard?.Properties.DashboardName).toBe("eip-failover-dev");
    const [body, vars] = dashboard?.Properties.DashboardBody["Fn::Sub"] ?? [];
    const titles = JSON.parse(body).widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles).toEqual([
      "Failovers",
      "Phase latency (ms)",
      "No healthy standby",
      "Fencing failures",
      "Throttled EC2 calls",
      "Dead-letter depth",
    ]);
    expect(vars).toEqual({ DeadLetterQueueName: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } });
  });

  it("keeps every failover notice a year in the history log group, written by EventBridge alone, read by the reader policy", () => {
    // Prepare
    const group = "/aws/events/eip-failover-dev/failovers";
    const groupArn = `arn:aws:logs:ap-northeast-1:123456789012:log-group:${group}`;
    // Assess: the group, and the rule that fills it with every notice
    expect(template.Resources.FailoverHistory?.Properties).toEqual({
      LogGroupName: group,
      RetentionInDays: 365,
    });
    const rule = template.Resources.FailoverHistoryRule?.Properties;
    expect(rule?.EventPattern).toEqual({ source: ["eip-failover"] });
    expect(resolve(rule?.Targets)).toEqual([{ Id: "history", Arn: groupArn }]);
    // only EventBridge (and its log delivery) may write, and only into this group
    const writers = JSON.parse(resolve(template.Resources.FailoverHistoryWriters?.Properties.PolicyDocument));
    expect(writers.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${groupArn}:*`,
      }),
    ]);
    // the reader policy: what eip-failover history calls (test/integration/cli/history checks the calls), scoped
    const reader = resolve(template.Resources.FailoverHistoryReader?.Properties.PolicyDocument.Statement);
    expect(reader.map((s: Statement) => [actions(s), s.Resource])).toEqual([
      [
        ["cloudformation:DescribeStacks", "cloudformation:ListStackResources"],
        "arn:aws:cloudformation:ap-northeast-1:123456789012:stack/eip-failover-dev/*",
      ],
      [
        ["ssm:GetParametersByPath"],
        [
          "arn:aws:ssm:ap-northeast-1:123456789012:parameter/eip-failover/clusters",
          "arn:aws:ssm:ap-northeast-1:123456789012:parameter/eip-failover/clusters/*",
        ],
      ],
      [["logs:FilterLogEvents"], `${groupArn}:*`],
    ]);
    expect(template.Outputs).toMatchObject({
      HistoryLogGroup: { Value: { Ref: "FailoverHistory" } },
      HistoryReaderPolicy: { Value: { Ref: "FailoverHistoryReader" } },
    });
  });

  it("packages the handler as a bundle under 1 MiB", () => {
    expect(statSync(`${DIR}/eip-failover.zip`).size).toBeGreaterThan(100_000);
    expect(statSync("dist/functions/failover.mjs").size).toBeLessThan(1024 * 1024);
  });

  it("runs every function on arm64 and on the Node major that engines names, the one every test runs on", () => {
    const functions = ofType("AWS::Lambda::Function");
    expect(functions.length).toBeGreaterThan(0);
    for (const f of functions) {
      expect(f.Properties.Runtime).toBe(`nodejs${NODE_MAJOR}.x`);
      expect(f.Properties.Architectures).toEqual(["arm64"]);
    }
  });

  it("has the two EventBridge rules: EC2 failure states and this stack's ALARM transitions", () => {
    const patterns = ofType("AWS::Events::Rule").map((r) => r.Properties.EventPattern);
    expect(patterns).toContainEqual({
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["stopping", "stopped", "shutting-down", "terminated"] },
    });
    expect(patterns).toContainEqual({
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      detail: { alarmName: [{ prefix: "eip-failover-dev-status-" }], state: { value: ["ALARM"] } },
    });
  });

  it("has no members parameter and no alarm resources: the controller keeps one alarm per member of the documents", () => {
    // (the alarms the stack does make watch its own dead letters and errors: see the notices test)
    expect(
      ofType("AWS::CloudWatch::Alarm").filter((a) => a.Properties.MetricName === "StatusCheckFailed"),
    ).toEqual([]);
    expect(JSON.stringify(template)).not.toMatch(/members=/);
    const sweep = ofType("AWS::Lambda::Function").find(
      (f) => f.Properties.Handler === "functions/handler.sweep",
    );
    expect(sweep?.Properties.Environment.Variables.ALARM_PREFIX).toBe("eip-failover-dev-status-");
  });

  it("scopes alarm writes to the stack's prefix; only the read-only listing spans the account's alarms", () => {
    const alarms = statements().filter((s) => actions(s).some((a) => a.startsWith("cloudwatch:")));
    const resourceOf = (action: string) =>
      resolve(alarms.filter((s) => actions(s).includes(action)).map((s) => s.Resource));
    for (const write of ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"])
      expect(resourceOf(write)).toEqual([
        "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:eip-failover-dev-status-*",
      ]);
    expect(resourceOf("cloudwatch:DescribeAlarms")).toEqual([
      "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:*",
    ]);
    expect([...new Set(alarms.flatMap(actions))].sort()).toEqual([
      "cloudwatch:DeleteAlarms",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:PutMetricAlarm",
    ]);
  });

  it("runs the sweep on its schedule (every minute by default) and on cluster document changes", () => {
    const rules = ofType("AWS::Events::Rule").map((r) => r.Properties);
    expect(rules.map((r) => r.ScheduleExpression).filter(Boolean)).toEqual(["rate(1 minute)"]);
    expect(rules.map((r) => r.EventPattern)).toContainEqual({
      source: ["aws.ssm"],
      "detail-type": ["Parameter Store Change"],
      detail: { name: [{ prefix: "/eip-failover/clusters/" }] },
    });
  });

  it("EventBridge sends each failure event to the decisions queue, which retries and dead-letters", () => {
    expect(failureRules()).toHaveLength(2);
    for (const rule of failureRules())
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": ["FailoverDecisions", "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": ["FailoverDeadLetters", "Arn"] } },
        }),
      ]);
    const queue = template.Resources.FailoverDecisions?.Properties ?? {};
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": ["FailoverDeadLetters", "Arn"] },
      maxReceiveCount: DECISIONS_QUEUE.maxReceives,
    });
    expect(queue.VisibilityTimeout).toBe(DECISIONS_QUEUE.visibilitySeconds);
    // only these rules may send to it
    const policy = ofType("AWS::SQS::QueuePolicy").find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: "FailoverDecisions" }]),
    );
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: {
          ArnEquals: {
            "aws:SourceArn": [
              { "Fn::GetAtt": ["InstanceFailureRule", "Arn"] },
              { "Fn::GetAtt": ["StatusAlarmRule", "Arn"] },
            ],
          },
        },
      }),
    ]);
    // never invoked asynchronously: Lambda's own async retries stay off
    for (const config of ofType("AWS::Lambda::EventInvokeConfig"))
      expect(config.Properties.MaximumRetryAttempts).toBe(0);
    expect(ofType("AWS::Logs::LogGroup")[0]?.Properties.RetentionInDays).toBe(30);
  });

  it("the controller takes the queue in batches, at most DECISIONS_QUEUE.concurrency at once, reporting failed records", () => {
    const mappings = ofType("AWS::Lambda::EventSourceMapping").map((m) => m.Properties);
    expect(mappings).toEqual([
      expect.objectContaining({
        EventSourceArn: { "Fn::GetAtt": ["FailoverDecisions", "Arn"] },
        BatchSize: DECISIONS_QUEUE.batchSize,
        // no batching window: a recheck that becomes visible at the window's end is taken at once
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: DECISIONS_QUEUE.concurrency },
      }),
    ]);
    // the containers divide EC2's refill by the same number the mapping caps them at
    const env = ofType("AWS::Lambda::Function")[0]?.Properties.Environment.Variables;
    expect(env.DECISION_CONCURRENCY).toBe(String(DECISIONS_QUEUE.concurrency));
    expect(env.DECISIONS_QUEUE_URL).toEqual({ Ref: "FailoverDecisions" });
    expect(DECISIONS_QUEUE.concurrency).toBeGreaterThanOrEqual(2); // Lambda's least MaximumConcurrency
  });

  it("no invocation waits out a grace window: the queue's delay holds it, the timeout is ≤ 60 s, and retries end inside the event's maximum age", () => {
    const timeout = ofType("AWS::Lambda::Function")[0]?.Properties.Timeout;
    expect(timeout).toBeLessThanOrEqual(60);
    for (const f of ofType("AWS::Lambda::Function")) expect(f.Properties.Timeout).toBeLessThanOrEqual(60);
    expect(ofType("AWS::StepFunctions::StateMachine")).toEqual([]);
    // SQS delays a message at most 900 s: the longest grace window fits
    expect(MAX_GRACE_SECONDS).toBeLessThanOrEqual(900);
    // SQS refuses a visibility timeout shorter than the function's
    expect(DECISIONS_QUEUE.visibilitySeconds).toBeGreaterThanOrEqual(timeout);
    // a decision retried after the longest grace window still ends before EventBridge's maximum event age
    const lastTry =
      MAX_GRACE_SECONDS + (DECISIONS_QUEUE.maxReceives - 1) * DECISIONS_QUEUE.visibilitySeconds + timeout;
    for (const rule of failureRules())
      expect(lastTry).toBeLessThanOrEqual(rule.Properties.Targets[0].RetryPolicy.MaximumEventAgeInSeconds);
    // the Lambda may send rechecks to its own queue, and to no other
    const sends = statements().filter((s) => actions(s).includes("sqs:SendMessage"));
    expect(sends.map((s) => s.Resource)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholders
      { "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:eip-failover-dev-decisions" },
    ]);
    expect(template.Resources.FailoverDecisions?.Properties.QueueName).toBe("eip-failover-dev-decisions");
  });

  it("grants no action that neither a code path (the IAM calls table) nor AWS on the stack's behalf calls", () => {
    const granted = grantedActions(template);
    expect(granted).toContain("ec2:AssociateAddress");
    expect(granted).not.toContain("ec2:DescribeVolumes");
    expect(unusedActions(template)).toEqual([]);
    // every action AWS calls for us is still granted somewhere: the list has no stale reason in it
    for (const action of Object.keys(CALLED_BY_AWS)) expect(granted).toContain(action);
  });

  it("fails on a granted action no code path uses", () => {
    const broken = structuredClone(template);
    broken.Resources.IamRoleLambdaExecution?.Properties.Policies[0].PolicyDocument.Statement.push({
      Effect: "Allow",
      Action: ["ec2:DescribeVolumes"],
      Resource: "*",
    });
    expect(unusedActions(broken)).toEqual(["ec2:DescribeVolumes"]);
  });

  it("no IAM statement allows a * action, and every mutating EC2 action is tag-conditioned", () => {
    const all = statements();
    expect(all.length).toBeGreaterThan(5);
    for (const s of all) {
      for (const a of actions(s)) expect(a).not.toMatch(/\*/);
      if (actions(s).some((a) => MUTATING_EC2.test(a))) {
        expect(s.Resource).not.toBe("*");
        expect(JSON.stringify(s.Condition)).toContain("aws:ResourceTag/eip-failover:cluster");
      }
      // "*" only where AWS requires it: EC2 describes, and the SSM Agent's own Run Command calls
      if (s.Resource === "*") for (const a of actions(s)) expect(a).toMatch(RESOURCE_STAR_OK);
    }
  });

  it("lets the controller replace or create routes in route tables only, and no role delete a route", () => {
    const controller = template.Resources.IamRoleLambdaExecution?.Properties.Policies.flatMap(
      (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
    ) as Statement[];
    const routes = controller.filter((s) => actions(s).some((a) => /^ec2:(Replace|Create)Route$/.test(a)));
    expect(routes.map((s) => [...actions(s)].sort())).toEqual([["ec2:CreateRoute", "ec2:ReplaceRoute"]]);
    expect(JSON.stringify(routes[0]?.Resource)).toContain(":route-table/*");
    expect(JSON.stringify(routes[0]?.Resource)).not.toMatch(/:(instance|network-interface|elastic-ip)\//);
    expect(controller.flatMap(actions)).toContain("ec2:DescribeRouteTables");
    expect(statements().flatMap(actions)).not.toContain("ec2:DeleteRoute");
  });

  it("scopes SSM to the config path and to the AWS-RunShellScript document on instances SSM reports tagged", () => {
    const ssm = statements().filter((s) => actions(s).some((a) => a.startsWith("ssm:")));
    const text = JSON.stringify(ssm);
    expect(text).toContain(":parameter/eip-failover/clusters/*");
    expect(text).toContain("document/AWS-RunShellScript");
    for (const s of ssm.filter(
      (s) => actions(s).includes("ssm:SendCommand") && JSON.stringify(s.Resource).includes(":instance/"),
    ))
      expect(JSON.stringify(s.Condition)).toContain("ssm:resourceTag/eip-failover:cluster");
  });

  it("puts failover notices on the default bus only, and only under the source eip-failover", () => {
    const puts = statements().filter((s) => actions(s).includes("events:PutEvents"));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.Resource).toEqual({
      // CloudFormation's own ${…}, not a template placeholder
      "Fn::Sub": [
        "arn:",
        "{AWS::Partition}:events:",
        "{AWS::Region}:",
        "{AWS::AccountId}:event-bus/default",
      ].join("$"),
    });
    expect(puts[0]?.Condition).toEqual({
      "ForAllValues:StringEquals": { "events:source": "eip-failover" },
      Null: { "events:source": "false" },
    });
    expect(actions(puts[0] as Statement)).toEqual(["events:PutEvents"]);
  });

  it("notify=<e-mail> subscribes it to a topic that a rule on source eip-failover feeds", () => {
    expect(ofType("AWS::SNS::Subscription").map((s) => s.Properties)).toEqual([
      { TopicArn: { Ref: "FailoverNoticesTopic" }, Protocol: "email", Endpoint: PACKAGE_PARAMS.notify },
    ]);
    const rule = ofType("AWS::Events::Rule").find((r) =>
      r.Properties.EventPattern?.source?.includes("eip-failover"),
    );
    expect(rule?.Properties.EventPattern).toEqual({ source: ["eip-failover"] });
    expect(rule?.Properties.Targets).toEqual([{ Id: "notify", Arn: { Ref: "FailoverNoticesTopic" } }]);
    expect(JSON.stringify(ofType("AWS::SNS::TopicPolicy")[0]?.Properties)).toContain("events.amazonaws.com");
  });

  it("alarms on the dead-letter queue's depth and on controller errors notify the same topic", () => {
    const alarms = ofType("AWS::CloudWatch::Alarm").map((a) => a.Properties);
    const depth = alarms.find((a) => a.MetricName === "ApproximateNumberOfMessagesVisible");
    const errors = alarms.find((a) => a.Namespace === "AWS/Lambda" && a.MetricName === "Errors");
    expect(depth?.Dimensions).toEqual([
      { Name: "QueueName", Value: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } },
    ]);
    expect(errors?.Dimensions).toEqual([{ Name: "FunctionName", Value: { Ref: "FailoverLambdaFunction" } }]);
    for (const alarm of [depth, errors]) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(alarm?.AlarmActions).toEqual([{ Ref: "FailoverNoticesTopic" }]);
    }
  });

  it("creates one node role and instance profile per cluster, tagged with its name, so nodes carry no keys", () => {
    const nodeRoles = ofType("AWS::IAM::Role").filter((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes("ec2.amazonaws.com"),
    );
    expect(nodeRoles.map((r) => r.Properties.Tags)).toEqual(
      PACKAGE_PARAMS.clusters.map((name) => [{ Key: "eip-failover:cluster", Value: name }]),
    );
    expect(ofType("AWS::IAM::InstanceProfile")).toHaveLength(PACKAGE_PARAMS.clusters.length);
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining(["NodeInstanceProfileWeb", "NodeInstanceProfileDb"]),
    );
    // every permission is written out here: no AWS managed policy (AmazonSSMManagedInstanceCore reads all parameters)
    for (const role of ofType("AWS::IAM::Role"))
      for (const arn of role.Properties.ManagedPolicyArns ?? []) expect(arn).toEqual({ Ref: "NodePolicy" });
    expect(JSON.stringify(template.Resources.NodePolicy?.Properties)).not.toMatch(/ssm:GetParameter/);
    expect(ofType("AWS::IAM::User")).toHaveLength(0);
    expect(ofType("AWS::IAM::AccessKey")).toHaveLength(0);
  });

  it("refuses a cluster name it cannot use as a tag, a role and a document key, naming it", async () => {
    const out = await run("npx", ["sls", "print", "--param", "clusters=web,bad name!"], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1" },
    }).then(
      () => "",
      (e: { stdout: string; stderr: string }) => `${e.stdout}${e.stderr}`,
    );
    expect(out).toContain("clusters: not valid cluster names: bad name!");
    expect(out).not.toMatch(/^\s+at /m);
  });
});
