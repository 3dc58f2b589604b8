import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alarmStateChange, instanceStateChange } from "../../../sim/events.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}.json`, import.meta.url), "utf8"));

/** Every key path with the JSON type at it, so two documents can be compared field by field. */
function shape(value: unknown, path = "$"): string[] {
  if (Array.isArray(value))
    return [`${path}: array`, ...value.slice(0, 1).flatMap((v) => shape(v, `${path}[]`))];
  if (value && typeof value === "object")
    return [
      `${path}: object`,
      ...Object.entries(value)
        .filter(() => !(path === "$.detail.configuration.metrics[].metricStat.metric.dimensions"))
        .flatMap(([k, v]) => shape(v, `${path}.${k}`)),
    ].sort();
  return [`${path}: ${typeof value}`];
}

describe("event factory, against the AWS-documented examples", () => {
  it("EC2 Instance State-change Notification has exactly the documented fields", () => {
    const event = instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "stopped" });
    expect(shape(event)).toEqual(shape(fixture("ec2-instance-state-change")));
    expect(event.resources[0]).toBe("arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0123456789abcdef0");
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("CloudWatch Alarm State Change has exactly the documented fields", () => {
    const event = alarmStateChange({
      alarmName: "web-nodeA-status",
      instanceId: "i-0123456789abcdef0",
      state: "ALARM",
    });
    expect(shape(event)).toEqual(shape(fixture("cloudwatch-alarm-state-change")));
    expect(event.detail.configuration.metrics[0]?.metricStat.metric.dimensions).toEqual({
      InstanceId: "i-0123456789abcdef0",
    });
    expect(event.detail.state.value).toBe("ALARM");
    expect(event.detail.previousState.value).toBe("OK");
    expect(() => JSON.parse(event.detail.state.reasonData)).not.toThrow();
  });

  it("an alarm without an instance has no InstanceId dimension", () => {
    const event = alarmStateChange({ alarmName: "x", state: "ALARM" });
    expect(event.detail.configuration.metrics[0]?.metricStat.metric.dimensions).toEqual({});
  });
});
