import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { METRICS_NAMESPACE, MetricNames, SERVICE_NAME } from "../../../../functions/constants.ts";

type Metric = [string, string, string, string, { stat: string; label: string }];
const dashboard = createRequire(import.meta.url)("../../../../functions/stack/dashboard.cjs") as {
  (ctx: {
    resolveVariable: (name: string) => Promise<unknown>;
  }): Promise<{
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON read by assertions.
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
  }>;
  dashboardBody(): { widgets: { properties: { title: string; region: string; metrics: Metric[] } }[] };
  dashboardName(stack: string): string;
};

describe("dashboard.cjs (Serverless variable source): the stack's CloudWatch dashboard", () => {
  const widgets = dashboard.dashboardBody().widgets;
  const controllerMetrics = widgets.flatMap((w) => w.properties.metrics).filter((m) => m[0] !== "AWS/SQS");

  it("shows failovers, phase latency, no standby, fencing failures, throttled calls and dead-letter depth", () => {
    expect(widgets.map((w) => w.properties.title)).toEqual([
      "Failovers",
      "Phase latency (ms)",
      "No healthy standby",
      "Fencing failures",
      "Throttled EC2 calls",
      "Dead-letter depth",
    ]);
  });

  it("names only metrics the controller emits, in its namespace, under Powertools' service dimension", () => {
    const emitted: string[] = Object.values(MetricNames);
    for (const [namespace, name, dimension, value] of controllerMetrics) {
      expect(namespace).toBe(METRICS_NAMESPACE);
      expect(emitted).toContain(name);
      expect([dimension, value]).toEqual(["service", SERVICE_NAME]);
    }
    const shown = controllerMetrics.map((m) => m[1]);
    for (const name of [
      MetricNames.executed,
      MetricNames.latency,
      MetricNames.fenceLatency,
      MetricNames.moveLatency,
      MetricNames.reconcileLatency,
      MetricNames.noStandby,
      MetricNames.fencingFailed,
      MetricNames.throttled,
      MetricNames.paused,
    ])
      expect(shown).toContain(name);
  });

  it("is named as the stack, and its body leaves the Region and the dead-letter queue's name to Fn::Sub", async () => {
    // Act
    const { Resources } = await dashboard({
      resolveVariable: async (name) => (name === "self:service" ? "eip-failover" : "prod"),
    });
    // Assess
    const resource = Resources.FailoverDashboard ?? { Type: "", Properties: {} };
    expect(resource.Type).toBe("AWS::CloudWatch::Dashboard");
    expect(resource.Properties.DashboardName).toBe(dashboard.dashboardName("eip-failover-prod"));
    const [body, vars] = resource.Properties.DashboardBody["Fn::Sub"];
    expect(
      JSON.parse(body).widgets.every(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholder, not JavaScript's
        (w: { properties: { region: string } }) => w.properties.region === "${AWS::Region}",
      ),
    ).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholder, not JavaScript's
    expect(body).toContain("${DeadLetterQueueName}");
    expect(vars).toEqual({ DeadLetterQueueName: { "Fn::GetAtt": ["FailoverDeadLetters", "QueueName"] } });
  });
});
