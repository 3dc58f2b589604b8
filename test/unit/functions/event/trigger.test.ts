import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTrigger } from "../../../../functions/event/trigger.ts";
import { alarmStateChange, instanceStateChange } from "../../../../sim/events.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/events/${name}.json`, import.meta.url), "utf8"));

describe("parseTrigger with the AWS-documented events", () => {
  it("the documented EC2 example (pending) is ignored: not a failure", () => {
    expect(parseTrigger(fixture("ec2-instance-state-change"))).toMatchObject({ kind: "ignored" });
  });

  it.each(["stopping", "stopped", "shutting-down", "terminated"])(
    "the documented EC2 event in state %s is a failure",
    (state) => {
      const event = fixture("ec2-instance-state-change");
      event.detail.state = state;
      expect(parseTrigger(event)).toMatchObject({
        kind: "failure",
        instanceId: "i-1234567890abcdef0",
        cause: "state-change",
        detail: state,
        at: Date.parse("2021-11-11T21:29:54Z"),
      });
    },
  );

  it("the documented alarm example (ALARM) is a failure of its InstanceId dimension", () => {
    expect(parseTrigger(fixture("cloudwatch-alarm-state-change"))).toMatchObject({
      kind: "failure",
      instanceId: "i-12345678901234567",
      cause: "alarm",
      detail: "ServerCpuTooHigh",
    });
  });

  it.each(["OK", "INSUFFICIENT_DATA"] as const)("an alarm going to %s is ignored", (state) => {
    expect(
      parseTrigger(alarmStateChange({ alarmName: "a", instanceId: "i-0123456789abcdef0", state })),
    ).toMatchObject({ kind: "ignored" });
  });

  it("the sim's events parse the same way", () => {
    expect(
      parseTrigger(instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "stopped" })),
    ).toMatchObject({ kind: "failure" });
    expect(
      parseTrigger(instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "running" })),
    ).toMatchObject({ kind: "ignored" });
  });

  it.each([
    ["null", null, "not an EventBridge event"],
    ["a string", "stopped", "not an EventBridge event"],
    [
      "no detail-type",
      {
        ...instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "stopped" }),
        "detail-type": undefined,
      },
      "detail-type",
    ],
    [
      "a malformed instance id",
      instanceStateChange({ instanceId: "i-xyz", state: "stopped" }),
      "instance-id",
    ],
    [
      "an alarm without an InstanceId dimension",
      alarmStateChange({ alarmName: "cpu", state: "ALARM" }),
      "no InstanceId dimension",
    ],
  ])("%s is malformed, with a reason", (_name, event, reason) => {
    const trigger = parseTrigger(event);
    expect(trigger.kind).toBe("malformed");
    expect(trigger.kind === "malformed" && trigger.reason).toContain(reason);
  });

  it("another source is ignored, naming it", () => {
    const event = {
      ...instanceStateChange({ instanceId: "i-0123456789abcdef0", state: "stopped" }),
      source: "aws.s3",
    };
    expect(parseTrigger(event)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("aws.s3") });
  });
});
