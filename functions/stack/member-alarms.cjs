// Serverless variable source: one StatusCheckFailed alarm per member instance, from
// `sls deploy --param="members=i-aaa,i-bbb"`. Add a member by adding its id to that list and redeploying.
// The instance id syntax is core's one definition (core/ids.ts imports nothing), loaded through tsx, a dev
// dependency like the Serverless Framework that runs this file.
const { listParam } = require("./param-list.cjs");
const { require: requireTs } = require("tsx/cjs/api");
const { idProblem } = requireTs("../../core/ids.ts", __filename);

module.exports = async ({ resolveVariable }) => {
  const members = await listParam(resolveVariable, "members");
  const problems = members.map((m) => idProblem("instanceId", m)).filter(Boolean);
  if (problems.length) throw new Error(`members: ${problems.join("; ")}`);
  const prefix = await resolveVariable("self:custom.alarmPrefix");
  const resources = {};
  for (const id of members) {
    resources[`StatusAlarm${id.replace(/[^A-Za-z0-9]/g, "")}`] = {
      Type: "AWS::CloudWatch::Alarm",
      Properties: {
        AlarmName: `${prefix}${id}`,
        AlarmDescription: `eip-failover: status checks of ${id} failed; the controller moves its Elastic IPs`,
        Namespace: "AWS/EC2",
        MetricName: "StatusCheckFailed",
        Dimensions: [{ Name: "InstanceId", Value: id }],
        Statistic: "Maximum",
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "missing",
      },
    };
  }
  return { Resources: resources };
};
