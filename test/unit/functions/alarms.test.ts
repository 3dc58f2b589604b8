import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { alarmFor, planAlarms } from "../../../functions/alarms.ts";
import type { Cluster } from "../../../functions/cluster-schema.ts";
import type { ClusterConfig } from "../../../functions/config.ts";

const PREFIX = "eip-failover-prod-status-";
const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const C = "i-0ccccccccccccccc1";

const cluster = (name: string, ...members: string[]): Cluster => ({
  name,
  addresses: [{ allocationId: "eipalloc-0123456789abcdef0" }],
  routes: [],
  members: members.map((instanceId) => ({ instanceId })),
  fencing: "none",
  graceSeconds: 0,
});
const config = (clusters: Cluster[], invalid = 0): ClusterConfig => ({
  clusters,
  invalid: Array.from({ length: invalid }, (_, i) => ({
    parameter: `/p/bad${i}`,
    field: "members",
    why: "x",
  })),
});
/** An alarm as DescribeAlarms reports the one {@link alarmFor} defines. */
const existing = (id: string, over: Partial<MetricAlarm> = {}): MetricAlarm =>
  ({ ...alarmFor(PREFIX, id), AlarmActions: [], OKActions: [], StateValue: "OK", ...over }) as MetricAlarm;
const names = (plan: { put: readonly { AlarmName?: string }[] }) => plan.put.map((a) => a.AlarmName);

describe("alarmFor: the one definition of a member's status alarm", () => {
  it("is named prefix + instance id, on StatusCheckFailed of that instance, with no actions", () => {
    expect(alarmFor(PREFIX, A)).toMatchObject({
      AlarmName: `${PREFIX}${A}`,
      Namespace: "AWS/EC2",
      MetricName: "StatusCheckFailed",
      Dimensions: [{ Name: "InstanceId", Value: A }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(alarmFor(PREFIX, A)).not.toHaveProperty("AlarmActions");
  });
});

describe("planAlarms: CloudWatch made to match the cluster documents", () => {
  it("creates one alarm per member instance, once even when two clusters list it", () => {
    // Act
    const plan = planAlarms(PREFIX, config([cluster("web", A, B), cluster("db", B, C)]), []);
    // Assess
    expect(names(plan)).toEqual([`${PREFIX}${A}`, `${PREFIX}${B}`, `${PREFIX}${C}`]);
    expect(plan.delete).toEqual([]);
  });

  it("an overlay-only cluster (routes, no addresses): its members get their alarms like any other", () => {
    // Prepare
    const overlay: Cluster = {
      ...cluster("overlay", C),
      addresses: [],
      routes: [{ destination: "192.168.100.10/32", routeTableIds: ["rtb-0123456789abcdef0"] }],
      members: [
        { instanceId: B, networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1" },
        { instanceId: C, networkInterfaceId: "eni-0ccccccccccccccc1" },
      ],
    };
    // Act
    const plan = planAlarms(PREFIX, config([cluster("web", A), overlay]), [existing(A)]);
    // Assess
    expect(names(plan)).toEqual([`${PREFIX}${B}`, `${PREFIX}${C}`]);
    expect(plan.delete).toEqual([]);
  });

  it("leaves an alarm that matches, corrects one that drifted, and deletes one whose instance left every document", () => {
    // Prepare
    const have = [existing(A), existing(B, { Threshold: 5 }), existing(C)];
    // Act
    const plan = planAlarms(PREFIX, config([cluster("web", A, B)]), have);
    // Assess
    expect(names(plan)).toEqual([`${PREFIX}${B}`]);
    expect(plan.delete).toEqual([`${PREFIX}${C}`]);
  });

  it("corrects an alarm someone gave actions or another dimension", () => {
    const have = [existing(A, { AlarmActions: ["arn:aws:sns:x:1:t"] }), existing(B, { Dimensions: [] })];
    expect(names(planAlarms(PREFIX, config([cluster("web", A, B)]), have))).toEqual([
      `${PREFIX}${A}`,
      `${PREFIX}${B}`,
    ]);
  });

  it("never touches an alarm outside the prefix", () => {
    const foreign = { ...existing(C), AlarmName: `billing-${C}` };
    expect(planAlarms(PREFIX, config([cluster("web", A, B)]), [existing(A), existing(B), foreign])).toEqual({
      put: [],
      delete: [],
    });
  });

  it("deletes nothing while a document is invalid (its members are unknown), and says why", () => {
    const plan = planAlarms(PREFIX, config([cluster("web", A, B)], 1), [existing(C)]);
    expect(names(plan)).toEqual([`${PREFIX}${A}`, `${PREFIX}${B}`]);
    expect(plan.delete).toEqual([]);
    expect(plan.keptBecause).toBe(
      `1 cluster document(s) invalid: their members are unknown, so no alarm is deleted (${PREFIX}${C})`,
    );
  });
});
