import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { alarmFor, planAlarms } from "../../../../functions/alarms/alarm-plan.ts";
import type { ClusterConfig } from "../../../../functions/clusters/read.ts";
import type { Cluster } from "../../../../functions/clusters/schema.ts";

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

  it("is the whole definition: at least 1 (the worst of each minute) for two minutes, missing data not a breach", () => {
    expect(alarmFor(PREFIX, A)).toStrictEqual({
      AlarmName: `${PREFIX}${A}`,
      AlarmDescription: `eip-failover: status checks of ${A} failed; the controller moves its Elastic IPs`,
      Namespace: "AWS/EC2",
      MetricName: "StatusCheckFailed",
      Dimensions: [{ Name: "InstanceId", Value: A }],
      Statistic: "Maximum",
      Period: 60,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "missing",
    });
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

  it("puts and deletes in name order, whatever order the documents and CloudWatch list them in", () => {
    const plan = planAlarms(PREFIX, config([cluster("web", C, A)]), [
      existing(B),
      existing("i-0000000000000000a"),
    ]);
    expect(names(plan)).toEqual([`${PREFIX}${A}`, `${PREFIX}${C}`]);
    expect(plan.delete).toEqual([`${PREFIX}i-0000000000000000a`, `${PREFIX}${B}`]);
  });

  it("an alarm CloudWatch lists without action lists or dimensions is judged by what it has", () => {
    // Prepare: DescribeAlarms may leave out empty lists
    const { AlarmActions: _a, OKActions: _o, ...bare } = existing(A);
    const { Dimensions: _d, ...undimensioned } = existing(B);
    // Act
    const plan = planAlarms(PREFIX, config([cluster("web", A, B)]), [bare, undimensioned]);
    // Assess: A matches as it is; B lacks its dimension, so it is corrected
    expect(names(plan)).toEqual([`${PREFIX}${B}`]);
  });

  it("corrects an alarm someone gave OK actions only", () => {
    const have = [existing(A, { OKActions: ["arn:aws:sns:x:1:t"] }), existing(B)];
    expect(names(planAlarms(PREFIX, config([cluster("web", A, B)]), have))).toEqual([`${PREFIX}${A}`]);
  });

  it("ignores an alarm with no name, and says nothing about invalid documents when nothing would be deleted", () => {
    const plan = planAlarms(PREFIX, config([cluster("web", A, B)], 1), [{}, existing(A), existing(B)]);
    expect(plan).toStrictEqual({ put: [], delete: [] });
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
