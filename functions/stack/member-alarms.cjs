// Serverless variable source: one StatusCheckFailed alarm per member instance, from
// `sls deploy --param="members=i-aaa,i-bbb"`. Add a member by adding its id to that list and redeploying.
const ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

module.exports = async ({ resolveVariable }) => {
  const raw = String((await resolveVariable("param:members, ''")) || "");
  const members = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = members.filter((m) => !ID.test(m));
  if (bad.length)
    throw new Error(`members: not instance ids: ${bad.join(", ")} (expected e.g. i-0123456789abcdef0)`);
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
