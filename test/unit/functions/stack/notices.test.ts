import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON read by assertions.
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
type Source = (ctx: {
  resolveVariable: (name: string) => Promise<unknown>;
}) => Promise<{ Resources: Resources }>;
const notices = createRequire(import.meta.url)("../../../../functions/stack/notices.cjs") as Source;

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:ops";
const resolver = (notify: string) => ({
  resolveVariable: async (name: string) =>
    name.startsWith("param:notify") ? notify : name === "self:service" ? "eip-failover" : "dev",
});
const ofType = (r: Resources, type: string) => Object.values(r).filter((x) => x.Type === type);

describe("notices.cjs (Serverless variable source): who hears of failovers", () => {
  it("an e-mail address → a topic, its e-mail subscription, a rule on source eip-failover, a policy for EventBridge", async () => {
    // Act
    const { Resources: r } = await notices(resolver("ops@example.com"));
    // Assess
    expect(ofType(r, "AWS::SNS::Topic")).toHaveLength(1);
    expect(ofType(r, "AWS::SNS::Subscription")[0]?.Properties).toEqual({
      TopicArn: { Ref: "FailoverNoticesTopic" },
      Protocol: "email",
      Endpoint: "ops@example.com",
    });
    expect(r.FailoverNoticesRule?.Properties).toMatchObject({
      EventPattern: { source: ["eip-failover"] },
      Targets: [{ Id: "notify", Arn: { Ref: "FailoverNoticesTopic" } }],
    });
    const statements = r.FailoverNoticesTopicPolicy?.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": ["FailoverNoticesRule", "Arn"] } } },
      }),
    );
  });

  it("an existing topic ARN → the rule targets it directly; no topic, subscription or policy of ours", async () => {
    const { Resources: r } = await notices(resolver(TOPIC));
    expect(r.FailoverNoticesRule?.Properties.Targets).toEqual([{ Id: "notify", Arn: TOPIC }]);
    for (const type of ["AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy"])
      expect(ofType(r, type)).toEqual([]);
    for (const alarm of ofType(r, "AWS::CloudWatch::Alarm"))
      expect(alarm.Properties.AlarmActions).toEqual([TOPIC]);
  });

  it("no notify → no topic and no rule; the alarms still exist, with nobody to notify", async () => {
    const { Resources: r } = await notices(resolver(""));
    expect(ofType(r, "AWS::Events::Rule")).toEqual([]);
    expect(ofType(r, "AWS::SNS::Topic")).toEqual([]);
    expect(ofType(r, "AWS::CloudWatch::Alarm")).toHaveLength(2);
    for (const alarm of ofType(r, "AWS::CloudWatch::Alarm"))
      expect(alarm.Properties).not.toHaveProperty("AlarmActions");
  });

  it("alarms on the dead-letter queue's depth and on the controller's errors, above 0, notify the topic", async () => {
    const { Resources: r } = await notices(resolver("ops@example.com"));
    expect(r.FailoverDeadLettersAlarm?.Properties).toMatchObject({
      AlarmName: "eip-failover-dev-dead-letters",
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: "FailoverNoticesTopic" }],
    });
    expect(r.FailoverControllerErrorsAlarm?.Properties).toMatchObject({
      AlarmName: "eip-failover-dev-controller-errors",
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: "FailoverLambdaFunction" } }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: "FailoverNoticesTopic" }],
    });
    // never under the status alarms' prefix, which starts a failover decision
    for (const alarm of ofType(r, "AWS::CloudWatch::Alarm"))
      expect(alarm.Properties.AlarmName).not.toMatch(/-status-/);
  });

  it.each(["not-an-email", "ops", "ops@", "arn:aws:sqs:ap-northeast-1:123456789012:q", "a b@example.com"])(
    "refuses notify=%s, naming it and what would be valid",
    async (bad) => {
      await expect(notices(resolver(bad))).rejects.toThrow(
        `notify: '${bad}' is neither an e-mail address nor an SNS topic ARN (expected e.g. ops@example.com or arn:aws:sns:`,
      );
    },
  );
});
