// Serverless variable source: where failover notices go, from `sls deploy --param="notify=…"`. The controller
// puts every notice on the default bus (source eip-failover) whether or not anyone listens; this adds
//   - notify=ops@example.com: an SNS topic, its e-mail subscription (confirmed from the mail), a rule sending
//     the notices to it, and a topic policy letting EventBridge (that rule) and CloudWatch (this account's
//     alarms) publish;
//   - notify=arn:aws:sns:…: a rule sending the notices to that existing topic (whose own policy must already
//     let events.amazonaws.com publish: a stack does not rewrite another's topic policy);
//   - no notify: no topic and no rule.
// The alarms on the dead-letter queue's depth and on controller errors exist either way, and notify the same
// topic when there is one.
const { refusal } = require("./params.cjs");
const SOURCE = "eip-failover";
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** What `notify` asks for: nothing, an e-mail address, or an existing topic; anything else is refused by name. */
function parseNotify(value) {
  const v = String(value ?? "").trim();
  if (v === "") return { kind: "none" };
  if (TOPIC_ARN.test(v)) return { kind: "topic", arn: v };
  if (EMAIL.test(v)) return { kind: "email", address: v };
  throw refusal(
    `notify: '${v}' is neither an e-mail address nor an SNS topic ARN (expected e.g. ops@example.com or arn:aws:sns:ap-northeast-1:123456789012:ops)`,
  );
}

/** The topic the stack creates for an e-mail address, and what it takes to publish to it. */
function ownTopic(address) {
  return {
    FailoverNoticesTopic: {
      Type: "AWS::SNS::Topic",
      Properties: { DisplayName: "eip-failover notices" },
    },
    FailoverNoticesEmail: {
      Type: "AWS::SNS::Subscription",
      Properties: { TopicArn: { Ref: "FailoverNoticesTopic" }, Protocol: "email", Endpoint: address },
    },
    FailoverNoticesTopicPolicy: {
      Type: "AWS::SNS::TopicPolicy",
      Properties: {
        Topics: [{ Ref: "FailoverNoticesTopic" }],
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "NoticesRuleOnly",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sns:Publish",
              Resource: { Ref: "FailoverNoticesTopic" },
              Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": ["FailoverNoticesRule", "Arn"] } } },
            },
            {
              Sid: "ThisAccountsAlarms",
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: "sns:Publish",
              Resource: { Ref: "FailoverNoticesTopic" },
              Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
            },
          ],
        },
      },
    },
  };
}

/** An alarm that goes off at the first datapoint above 0, notifying `actions`. */
function anyAbove0(name, description, metric, actions) {
  return {
    Type: "AWS::CloudWatch::Alarm",
    Properties: {
      AlarmName: name,
      AlarmDescription: description,
      ...metric,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      ...(actions.length ? { AlarmActions: actions, OKActions: actions } : {}),
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  const notify = parseNotify(await resolveVariable("param:notify, ''"));
  const prefix = `${await resolveVariable("self:service")}-${await resolveVariable("sls:stage")}`;
  const topic =
    notify.kind === "topic"
      ? notify.arn
      : notify.kind === "email"
        ? { Ref: "FailoverNoticesTopic" }
        : undefined;
  const actions = topic ? [topic] : [];
  const resources = {
    ...(notify.kind === "email" ? ownTopic(notify.address) : {}),
    FailoverDeadLettersAlarm: anyAbove0(
      `${prefix}-dead-letters`,
      "eip-failover: a failure event or decision is in the dead-letter queue: a person must look",
      {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } }],
        Statistic: "Maximum",
      },
      actions,
    ),
    FailoverControllerErrorsAlarm: anyAbove0(
      `${prefix}-controller-errors`,
      "eip-failover: the controller failed an invocation (it is retried, then dead-lettered)",
      {
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: "FailoverLambdaFunction" } }],
        Statistic: "Sum",
      },
      actions,
    ),
  };
  if (topic)
    resources.FailoverNoticesRule = {
      Type: "AWS::Events::Rule",
      Properties: {
        Description:
          "failover notices (moved, no standby, fencing failed, conflict, error) to the notify topic",
        EventPattern: { source: [SOURCE] },
        Targets: [{ Id: "notify", Arn: topic }],
      },
    };
  return { Resources: resources };
};
