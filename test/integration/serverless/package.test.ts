import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const TEMPLATE = ".serverless/cloudformation-template-update-stack.json";
const MEMBERS = ["i-0123456789abcdef0", "i-0fedcba9876543210"];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string>>;
}
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON read by assertions.
type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

const MUTATING_EC2 =
  /^ec2:(Associate|Disassociate|Stop|Start|Terminate|Create|Delete|Modify|Release|Allocate|Run|Reboot)/;

const RESOURCE_STAR_OK =
  /^(ec2:Describe\w+|ssm:UpdateInstanceInformation|ec2messages:\w+|ssmmessages:(Create|Open)(Control|Data)Channel)$/;

describe("sls package (offline) and the CloudFormation it generates", () => {
  let template: Template;
  beforeAll(async () => {
    await run("npx", ["sls", "package", "--param", `members=${MEMBERS.join(",")}`], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        SLS_TELEMETRY_DISABLED: "1",
      },
      timeout: 120_000,
    });
    template = JSON.parse(readFileSync(TEMPLATE, "utf8"));
  }, 180_000);

  const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
  const statements = (): Statement[] =>
    ofType("AWS::IAM::Role").flatMap((role) =>
      (role.Properties.Policies ?? []).flatMap(
        (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
      ),
    );
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
    const alarms = ofType("AWS::CloudWatch::Alarm").map((a) => a.Properties);
    expect(alarms.map((a) => a.Dimensions[0].Value).sort()).toEqual([...MEMBERS].sort());
    for (const a of alarms) {
      expect(a.MetricName).toBe("StatusCheckFailed");
      expect(a.AlarmName).toMatch(/^eip-failover-dev-status-i-/);
    }
  });

  it("EventBridge starts the state machine, which retries a bounded number of times and dead-letters to SQS", () => {
    for (const rule of ofType("AWS::Events::Rule"))
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

  it("scopes SSM to the config path and to the AWS-RunShellScript document on tagged instances", () => {
    const ssm = statements().filter((s) => actions(s).some((a) => a.startsWith("ssm:")));
    const text = JSON.stringify(ssm);
    expect(text).toContain(":parameter/eip-failover/clusters/*");
    expect(text).toContain("document/AWS-RunShellScript");
    for (const s of ssm.filter(
      (s) => actions(s).includes("ssm:SendCommand") && JSON.stringify(s.Resource).includes(":instance/"),
    ))
      expect(JSON.stringify(s.Condition)).toContain("aws:ResourceTag/eip-failover:cluster");
  });

  it("creates the nodes' instance role and profile, so nodes carry no keys", () => {
    expect(ofType("AWS::IAM::InstanceProfile")).toHaveLength(1);
    const node = template.Resources.NodeRole?.Properties;
    expect(JSON.stringify(node?.AssumeRolePolicyDocument)).toContain("ec2.amazonaws.com");
    expect(ofType("AWS::IAM::User")).toHaveLength(0);
    // every permission is written out here: no managed policy (AmazonSSMManagedInstanceCore reads all parameters)
    for (const role of ofType("AWS::IAM::Role")) expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    expect(JSON.stringify(node?.Policies)).not.toMatch(/ssm:GetParameter/);
    expect(ofType("AWS::IAM::AccessKey")).toHaveLength(0);
  });
});
