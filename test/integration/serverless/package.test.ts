import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CALLED_BY_AWS, unusedActions } from "../../support/iam/calls.ts";
import { grantedActions } from "../../support/iam/template.ts";
import { PACKAGE_PARAMS, packageStack } from "../../support/sls-package.ts";

const run = promisify(execFile);
const TEMPLATE = ".serverless/cloudformation-template-update-stack.json";
const MEMBERS = PACKAGE_PARAMS.members;

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
  /^ec2:(Associate|Disassociate|Stop|Start|Terminate|Create|Delete|Modify|Release|Allocate|Run|Reboot)/;

const RESOURCE_STAR_OK =
  /^(ec2:Describe\w+|ssm:UpdateInstanceInformation|ec2messages:\w+|ssmmessages:(Create|Open)(Control|Data)Channel)$/;

describe("sls package (offline) and the CloudFormation it generates", () => {
  let template: Template;
  beforeAll(async () => {
    template = (await packageStack(".serverless")) as Template;
  }, 240_000);

  const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
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

  it("packages the handler as a bundle under 1 MiB", () => {
    expect(statSync(".serverless/eip-failover.zip").size).toBeGreaterThan(100_000);
    expect(statSync("dist/functions/failover.mjs").size).toBeLessThan(1024 * 1024);
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

  it("has one StatusCheckFailed alarm per member, named for the rule's prefix", () => {
    const alarms = ofType("AWS::CloudWatch::Alarm")
      .map((a) => a.Properties)
      .filter((a) => a.MetricName === "StatusCheckFailed");
    expect(alarms.map((a) => a.Dimensions[0].Value).sort()).toEqual([...MEMBERS].sort());
    for (const a of alarms) {
      expect(a.MetricName).toBe("StatusCheckFailed");
      expect(a.AlarmName).toMatch(/^eip-failover-dev-status-i-/);
    }
  });

  it("EventBridge starts the state machine, which retries a bounded number of times and dead-letters to SQS", () => {
    const failures = ofType("AWS::Events::Rule").filter(
      (r) => !r.Properties.EventPattern.source.includes("eip-failover"),
    );
    expect(failures).toHaveLength(2);
    for (const rule of failures)
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: "FailoverStateMachine" },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": ["FailoverDeadLetters", "Arn"] } },
        }),
      ]);
    const decide = template.Resources.FailoverStateMachine?.Properties.Definition.States.Decide;
    expect(decide.Retry[0]).toMatchObject({
      ErrorEquals: expect.arrayContaining(["RetryableFailover"]),
      MaxAttempts: 2,
    });
    expect(decide.Catch[0].Next).toBe("DeadLetter");
    // invoked synchronously by the state machine only: Lambda's own async retries stay off
    expect(ofType("AWS::Lambda::EventInvokeConfig")[0]?.Properties.MaximumRetryAttempts).toBe(0);
    expect(ofType("AWS::Logs::LogGroup")[0]?.Properties.RetentionInDays).toBe(30);
  });

  it("grants no action that neither a code path (the IAM calls table) nor AWS on the stack's behalf calls", () => {
    const granted = grantedActions(template);
    expect(granted).toContain("ec2:AssociateAddress");
    expect(granted).not.toContain("ec2:DescribeInstances");
    expect(unusedActions(template)).toEqual([]);
    // every action AWS calls for us is still granted somewhere: the list has no stale reason in it
    for (const action of Object.keys(CALLED_BY_AWS)) expect(granted).toContain(action);
  });

  it("fails on a granted action no code path uses", () => {
    const broken = structuredClone(template);
    broken.Resources.IamRoleLambdaExecution?.Properties.Policies[0].PolicyDocument.Statement.push({
      Effect: "Allow",
      Action: ["ec2:DescribeInstances"],
      Resource: "*",
    });
    expect(unusedActions(broken)).toEqual(["ec2:DescribeInstances"]);
  });

  it("no invocation waits out a grace window: a Wait state holds it, and the Lambda's timeout is at most 60 s", () => {
    const states = template.Resources.FailoverStateMachine?.Properties.Definition.States;
    expect(states.WaitForGraceEnd).toEqual({
      Type: "Wait",
      SecondsPath: "$.decision.report.recheckInSeconds",
      Next: "CountRecheck",
    });
    expect(template.Resources.FailoverStateMachine?.Properties.StateMachineType).toBe("STANDARD");
    expect(ofType("AWS::Lambda::Function")[0]?.Properties.Timeout).toBeLessThanOrEqual(60);
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
      r.Properties.EventPattern.source.includes("eip-failover"),
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

  it("refuses a cluster name that is not a tag value, naming it", async () => {
    const out = await run("npx", ["sls", "print", "--param", "clusters=web,bad name!"], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1" },
    }).then(
      () => "",
      (e: { stdout: string; stderr: string }) => `${e.stdout}${e.stderr}`,
    );
    expect(out).toContain("clusters: not valid cluster tag values: bad name!");
  });
});
