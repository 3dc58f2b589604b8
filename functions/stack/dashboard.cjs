// Serverless variable source: the stack's CloudWatch dashboard, named as the stack (`${service}-${stage}`), with
// what an operator watches: failovers, each phase's latency, no standby, fencing failures, EC2's throttled calls
// and the dead-letter queue's depth. The controller's metrics are Powertools' (namespace EipFailover, dimension
// service=eip-failover, functions/handler.ts); their names are functions/constants.ts MetricNames, and a unit
// test keeps every name here one of them. The embedded region deploys this same packaged template
// (cli/stack/package.ts), so `doctor --embedded` finds the dashboard as it finds the deployed one.

const NAMESPACE = "EipFailover";
const SERVICE = "eip-failover";
const PERIOD = 60;

/** One controller metric, as a dashboard widget lists it. */
const metric = (name, stat, label) => [NAMESPACE, name, "service", SERVICE, { stat, label }];

/**
 * The widgets, in reading order: each a title and its metrics. `${DeadLetterQueueName}` and `${AWS::Region}` are
 * filled in by CloudFormation (Fn::Sub).
 */
const WIDGETS = [
  {
    title: "Failovers",
    metrics: [
      metric("FailoverExecuted", "Sum", "moved"),
      metric("FailoverSkipped", "Sum", "nothing to do"),
      metric("FailoverConflict", "Sum", "someone else moved it"),
      metric("FailoverPaused", "Sum", "paused (planned, not done)"),
    ],
  },
  {
    title: "Phase latency (ms)",
    metrics: [
      metric("FailoverLatencyMs", "Maximum", "event to moved"),
      metric("FenceLatencyMs", "Maximum", "fence"),
      metric("MoveLatencyMs", "Maximum", "move"),
      metric("ReconcileLatencyMs", "Maximum", "reconcile"),
    ],
  },
  { title: "No healthy standby", metrics: [metric("NoHealthyStandby", "Sum", "no standby")] },
  { title: "Fencing failures", metrics: [metric("FencingFailed", "Sum", "fencing failed")] },
  { title: "Throttled EC2 calls", metrics: [metric("Ec2CallsThrottled", "Sum", "throttled")] },
  {
    title: "Dead-letter depth",
    metrics: [
      [
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "QueueName",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholder, not JavaScript's
        "${DeadLetterQueueName}",
        { stat: "Maximum", label: "dead letters" },
      ],
    ],
  },
];

/** The dashboard of the stack named `stackName`: its name is the stack's. */
const dashboardName = (stackName) => stackName;

/** The dashboard's body (CloudWatch's JSON), with CloudFormation's `${…}` left for Fn::Sub. */
function dashboardBody() {
  return {
    widgets: WIDGETS.map((w, i) => ({
      type: "metric",
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: {
        title: w.title,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholder, not JavaScript's
        region: "${AWS::Region}",
        view: "timeSeries",
        stat: "Sum",
        period: PERIOD,
        metrics: w.metrics,
      },
    })),
  };
}

/** The AWS::CloudWatch::Dashboard resource of the stack named `stackName`. */
function dashboardResource(stackName) {
  return {
    Type: "AWS::CloudWatch::Dashboard",
    Properties: {
      DashboardName: dashboardName(stackName),
      DashboardBody: {
        "Fn::Sub": [
          JSON.stringify(dashboardBody()),
          { DeadLetterQueueName: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } },
        ],
      },
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  const stackName = `${await resolveVariable("self:service")}-${await resolveVariable("sls:stage")}`;
  return { Resources: { FailoverDashboard: dashboardResource(stackName) } };
};
module.exports.dashboardName = dashboardName;
module.exports.dashboardBody = dashboardBody;
module.exports.NAMESPACE = NAMESPACE;
module.exports.SERVICE = SERVICE;
