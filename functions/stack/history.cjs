// Serverless variable source: the failover history that `eip-failover history` reads. The controller already puts a
// notice on the default bus for every decision that is not "nothing to do" (functions/notices/); a rule on their
// source sends each one, whole, into a CloudWatch Logs group of the stack's, kept for a year. Why a log group and not
// an EventBridge archive: an archive cannot be read, only replayed onto a bus (a write, minutes late, needing a target
// to catch the replay); a log group is read directly with FilterLogEvents, one synchronous paged call, by an operator
// granted the reader policy below. The embedded region deploys this same packaged template (cli/stack/package.ts),
// so `history --embedded` reads these resources as it would a deployed stack's.

const SOURCE = "eip-failover";
/** How long the history keeps a notice: a year, so last year's maintenance window can still be looked up. */
const RETENTION_DAYS = 365;

/**
 * The history's log group name. EventBridge's console lists only groups under /aws/events/ as targets; following it
 * keeps the group where an operator looks for it.
 */
const historyLogGroupName = (stackName) => `/aws/events/${stackName}/failovers`;

/** `${AWS::…}` pseudo parameters in an ARN, for Fn::Sub (CloudFormation fills them in, sls leaves them). */
const arnOf = (service, resource) => ({
  "Fn::Sub": `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
});

/**
 * The history's resources for `stackName`: the log group, the resource policy that lets EventBridge write to it
 * (EventBridge uses no role for a log group target: only the group's resource policy lets it in), the rule, and
 * the managed policy an operator attaches to read it (every call `eip-failover history` makes, and no more;
 * `configPath` is where the cluster documents live, without a trailing slash).
 */
function historyResources(stackName, configPath) {
  const group = historyLogGroupName(stackName);
  return {
    FailoverHistory: {
      Type: "AWS::Logs::LogGroup",
      Properties: { LogGroupName: group, RetentionInDays: RETENTION_DAYS },
    },
    FailoverHistoryWriters: {
      Type: "AWS::Logs::ResourcePolicy",
      Properties: {
        PolicyName: `${stackName}-failover-history`,
        // a JSON string, as CloudWatch Logs takes it; Fn::Sub fills in the partition, Region and account
        PolicyDocument: {
          "Fn::Sub": JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgeWritesTheHistory",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${arnOf("logs", `log-group:${group}`)["Fn::Sub"]}:*`,
              },
            ],
          }),
        },
      },
    },
    FailoverHistoryRule: {
      Type: "AWS::Events::Rule",
      // the group must let EventBridge in before the first notice is sent to it
      DependsOn: ["FailoverHistoryWriters"],
      Properties: {
        Description:
          "every failover notice (moved, no standby, fencing failed, conflict, error, paused) into the history",
        EventPattern: { source: [SOURCE] },
        Targets: [{ Id: "history", Arn: arnOf("logs", `log-group:${group}`) }],
      },
    },
    FailoverHistoryReader: {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        Description: "What eip-failover history needs: find the stack's history, read its notices",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "FindTheStack",
              Effect: "Allow",
              Action: ["cloudformation:DescribeStacks", "cloudformation:ListStackResources"],
              Resource: arnOf("cloudformation", `stack/${stackName}/*`),
            },
            {
              // the cluster names, so a --cluster that names none is refused rather than answered "no failovers"
              Sid: "ListTheClusters",
              Effect: "Allow",
              Action: ["ssm:GetParametersByPath"],
              Resource: [arnOf("ssm", `parameter${configPath}`), arnOf("ssm", `parameter${configPath}/*`)],
            },
            {
              Sid: "ReadTheHistory",
              Effect: "Allow",
              Action: ["logs:FilterLogEvents"],
              Resource: arnOf("logs", `log-group:${group}:*`),
            },
          ],
        },
      },
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  const stackName = `${await resolveVariable("self:service")}-${await resolveVariable("sls:stage")}`;
  const { configPath } = await resolveVariable("self:custom.params");
  return {
    Resources: historyResources(stackName, configPath),
    Outputs: {
      HistoryLogGroup: {
        Description: "Every failover notice, one log event each, for a year: eip-failover history reads it",
        Value: { Ref: "FailoverHistory" },
      },
      HistoryReaderPolicy: {
        Description: "Attach to whoever runs eip-failover history",
        Value: { Ref: "FailoverHistoryReader" },
      },
    },
  };
};
module.exports.historyLogGroupName = historyLogGroupName;
module.exports.historyResources = historyResources;
module.exports.RETENTION_DAYS = RETENTION_DAYS;
