import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../../../cli/doctor/checks.ts";
import { recoverAlarmsOf, recoveryCheck } from "../../../../cli/doctor/recovery.ts";
import type { DoctorObservation } from "../../../../cli/doctor/types.ts";
import { healthyMember } from "./fixtures.ts";

const A = "i-0aaaaaaaaaaaaaaaa";
const B = "i-0bbbbbbbbbbbbbbbb";
const SETTING = "default (simplified automatic recovery where the type supports it)";

describe("doctor: each member's EC2 auto-recovery, informational beside the controller's fencing (pure)", () => {
  it.each([
    [
      undefined,
      undefined,
      "default (EC2 did not say; taken as its default: simplified automatic recovery where the type supports it)",
      "no recover alarm",
    ],
    ["default", [], SETTING, "no recover alarm"],
    ["disabled", ["web-A-recover"], "disabled", "recover alarm web-A-recover"],
  ] as const)(
    "AutoRecovery %s, recover alarms %j: a passing line saying so",
    (autoRecovery, alarms, setting, alarm) => {
      // Prepare
      const m = healthyMember(A, {
        ...(autoRecovery ? { autoRecovery } : {}),
        ...(alarms ? { recoverAlarms: alarms } : {}),
      });
      // Act
      const result = recoveryCheck("web", "reboot", m);
      // Assess
      expect(result).toEqual({
        id: "member.auto-recovery",
        cluster: "web",
        subject: A,
        ok: true,
        what: `member ${A}: EC2 auto-recovery ${setting}, ${alarm} (informational: the controller does not wait for EC2's recovery; with fencing reboot, once graceSeconds pass and its status check still fails, it stops the member, moves the address, and starts it again (a stop pre-empts EC2's recovery, and stop + start is AWS's advice when recovery fails))`,
      });
    },
  );

  it.each([
    ["stop", "it stops the member and moves the address; the member stays stopped"],
    ["none", "it moves the address unfenced; EC2's recovery may still reboot the member"],
  ] as const)("with fencing %s the line says what the controller does: %s", (fencing, means) => {
    expect(recoveryCheck("web", fencing, healthyMember(A)).what).toContain(
      `with fencing ${fencing}, once graceSeconds pass and its status check still fails, ${means}`,
    );
  });

  it("runs per existing member of a cluster whose fencing is known, and is unknown (not failed) when the alarms could not be read", () => {
    // Prepare
    const o: DoctorObservation = {
      clusters: [
        {
          name: "web",
          fencing: "reboot",
          addresses: [],
          members: [healthyMember(A), { instanceId: B, exists: false, tags: {}, interfaces: [] }],
        },
      ],
      invalid: [],
    };
    // Act
    const ids = (x: DoctorObservation) => runChecks(x).filter((r) => r.id === "member.auto-recovery");
    const unread = ids({
      ...o,
      unread: { recoverAlarms: "DescribeAlarms (recover actions) failed (AccessDenied: no)" },
    });
    // Assess
    expect(ids(o).map((r) => [r.subject, r.ok])).toEqual([[A, true]]);
    expect(unread).toMatchObject([
      { subject: A, ok: false, unknown: "DescribeAlarms (recover actions) failed (AccessDenied: no)" },
    ]);
  });
});

describe("recoverAlarmsOf: the account's alarms whose actions recover an instance", () => {
  it("pages through every metric alarm and keeps those with an ec2:recover action, by their InstanceId", async () => {
    // Prepare: two pages; a reboot action and an alarm without an instance are not recoveries
    const pages = [
      {
        MetricAlarms: [
          {
            AlarmName: "a-recover",
            AlarmActions: ["arn:aws:automate:ap-northeast-1:ec2:recover"],
            Dimensions: [{ Name: "InstanceId", Value: A }],
          },
          {
            AlarmName: "a-reboot",
            AlarmActions: ["arn:aws:automate:ap-northeast-1:ec2:reboot"],
            Dimensions: [{ Name: "InstanceId", Value: A }],
          },
        ],
        NextToken: "2",
      },
      {
        MetricAlarms: [
          {
            AlarmName: "b-recover-cn",
            AlarmActions: ["arn:aws-cn:automate:cn-north-1:ec2:recover"],
            Dimensions: [{ Name: "InstanceId", Value: B }],
          },
          { AlarmName: "no-instance", AlarmActions: ["arn:aws:automate:ap-northeast-1:ec2:recover"] },
        ],
      },
    ];
    const asked: unknown[] = [];
    const cloudwatch = {
      send: async (command: { input: unknown }) => {
        asked.push(command.input);
        return pages[asked.length - 1];
      },
    } as unknown as CloudWatchClient;
    // Act
    const found = await recoverAlarmsOf(cloudwatch);
    // Assess
    expect([...found]).toEqual([
      [A, ["a-recover"]],
      [B, ["b-recover-cn"]],
    ]);
    expect(asked).toEqual([
      { AlarmTypes: ["MetricAlarm"], NextToken: undefined },
      { AlarmTypes: ["MetricAlarm"], NextToken: "2" },
    ]);
  });
});
