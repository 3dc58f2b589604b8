import { describe, expect, it } from "vitest";
import type { Read } from "../../../../cli/doctor/check-ids.ts";
import { renderChecks, runChecks } from "../../../../cli/doctor/checks.ts";
import { doctorExit } from "../../../../cli/doctor/command.ts";
import type { DoctorMember, DoctorObservation, StackObservation } from "../../../../cli/doctor/types.ts";

const TAG = { "eip-failover:cluster": "web" };
const A = "i-0aaaaaaaaaaaaaaaa";
const B = "i-0bbbbbbbbbbbbbbbb";
const PREFIX = "eip-failover-dev-status-";
const PROFILE = "eip-failover-dev-NodeInstanceProfileWeb-X1";
const NOW = Date.parse("2026-11-30T05:00:00Z");

const member = (id: string, over: Partial<DoctorMember> = {}): DoctorMember => ({
  instanceId: id,
  exists: true,
  tags: TAG,
  httpTokens: "required",
  hopLimit: 1,
  interfaces: [],
  instanceProfileArn: `arn:aws:iam::123456789012:instance-profile/${PROFILE}`,
  ...over,
});

const alarm = (id: string) => ({
  name: `${PREFIX}${id}`,
  namespace: "AWS/EC2",
  metric: "StatusCheckFailed",
  instanceId: id,
});

/** A correct deployment with its stack; `over` breaks one thing of the stack, `members` of the cluster. */
function observation(
  over: Partial<StackObservation> = {},
  members = [member(A), member(B)],
): DoctorObservation {
  return {
    clusters: [{ name: "web", addresses: [], members }],
    invalid: [],
    stack: {
      name: "eip-failover-dev",
      alarmPrefix: PREFIX,
      alarms: [alarm(A), alarm(B)],
      rules: [
        { logicalId: "InstanceFailureRule", name: "r1", state: "ENABLED" },
        { logicalId: "StatusAlarmRule", name: "r2", state: "ENABLED" },
      ],
      controller: { exists: true, name: "eip-failover-dev-failover", dryRun: "false" },
      deadLetters: { exists: true, url: "https://sqs/q", count: 0 },
      dashboard: { name: "eip-failover-dev", exists: true },
      nodeProfiles: { NodeInstanceProfileWeb: PROFILE },
      at: NOW,
      ...over,
    },
  };
}

const failed = (o: DoctorObservation) =>
  runChecks(o)
    .filter((r) => !r.ok)
    .map((r) => r.what);

describe("doctor's checks of the stack (pure)", () => {
  it("a correct stack passes: profile and alarm per member, no orphan, 2 rules, the controller, the queue", () => {
    const results = runChecks(observation());
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.what)).toContain(
      "the controller eip-failover-dev-failover exists (DRY_RUN=false: it moves addresses)",
    );
    expect(results.filter((r) => r.cluster === undefined)).toHaveLength(6);
  });

  it.each<[string, DoctorObservation, string[]]>([
    [
      "a member without the profile, another with a foreign one",
      observation({}, [
        member(A, { instanceProfileArn: undefined }),
        member(B, { instanceProfileArn: "arn:aws:iam::1:instance-profile/other" }),
      ]),
      [
        `member ${A} carries the node instance profile ${PROFILE} (has none)`,
        `member ${B} carries the node instance profile ${PROFILE} (has other)`,
      ],
    ],
    [
      "a stack without the cluster's profile",
      observation({ nodeProfiles: {} }),
      [
        "stack eip-failover-dev has a node instance profile for cluster web (NodeInstanceProfileWeb)",
        "stack eip-failover-dev has a node instance profile for cluster web (NodeInstanceProfileWeb)",
      ],
    ],
    [
      "an alarm on the wrong metric",
      observation({ alarms: [alarm(A), { ...alarm(B), metric: "CPUUtilization" }] }),
      [`member ${B} has its status alarm ${PREFIX}${B} (watches AWS/EC2 CPUUtilization of ${B})`],
    ],
    [
      "an alarm without a dimension whose name names a non-member",
      observation({ alarms: [alarm(A), alarm(B), { name: `${PREFIX}i-0ccccccccccccccc0` }] }),
      [`status alarm ${PREFIX}i-0ccccccccccccccc0 watches no instance, which is in no cluster document`],
    ],
    [
      "a rule missing from the stack, another not found",
      observation({
        rules: [{ logicalId: "InstanceFailureRule" }, { logicalId: "StatusAlarmRule", name: "r2" }],
      }),
      ["EventBridge rule InstanceFailureRule exists", "EventBridge rule StatusAlarmRule (r2) exists"],
    ],
    [
      "a disabled rule",
      observation({
        rules: [
          { logicalId: "InstanceFailureRule", name: "r1", state: "DISABLED" },
          { logicalId: "StatusAlarmRule", name: "r2", state: "ENABLED" },
        ],
      }),
      ["EventBridge rule InstanceFailureRule (r1) exists and is enabled (is DISABLED)"],
    ],
    [
      "no controller",
      observation({ controller: { exists: false, name: "eip-failover-dev-failover" } }),
      ["the controller eip-failover-dev-failover exists"],
    ],
    [
      "a DRY_RUN the Lambda refuses at cold start",
      observation({ controller: { exists: true, name: "f", dryRun: "TRUE!" } }),
      [
        expect.stringMatching(
          /^the controller f exists \(DRY_RUN=TRUE!: DRY_RUN='TRUE!' is not a yes\/no value/,
        ),
      ] as never,
    ],
    [
      "one message in the queue, 90 minutes old",
      observation({ deadLetters: { exists: true, url: "u", count: 1, oldestSentAt: NOW - 90 * 60_000 } }),
      ["the dead-letter queue is empty (holds 1 message, the oldest 90 min old)"],
    ],
    ["no queue", observation({ deadLetters: { exists: false } }), ["the stack has its dead-letter queue"]],
    [
      "no dashboard",
      observation({ dashboard: { name: "eip-failover-dev", exists: false } }),
      [
        "the CloudWatch dashboard eip-failover-dev exists (failovers, phase latency, no standby, fencing, throttling, dead letters)",
      ],
    ],
  ])("%s: exactly that ✗", (_, o, expected) => {
    expect(failed(o)).toEqual(expected);
  });

  it("DRY_RUN=true is reported, and passes", () => {
    const results = runChecks(observation({ controller: { exists: true, name: "f", dryRun: "true" } }));
    expect(results.find((r) => r.what.startsWith("the controller"))).toEqual({
      id: "stack.controller",
      ok: true,
      what: "the controller f exists (DRY_RUN=true: it only logs plans, it moves nothing)",
    });
  });

  it("every check carries a stable id, and the stack's ids name their subject", () => {
    const results = runChecks(observation());
    expect(results.map((r) => (r.subject ? `${r.id} ${r.subject}` : r.id))).toEqual([
      "document.valid",
      `member.exists ${A}`,
      `member.tagged ${A}`,
      `member.imdsv2 ${A}`,
      `member.instance-profile ${A}`,
      `member.status-alarm ${A}`,
      `member.exists ${B}`,
      `member.tagged ${B}`,
      `member.imdsv2 ${B}`,
      `member.instance-profile ${B}`,
      `member.status-alarm ${B}`,
      "stack.orphan-alarms",
      "stack.rule InstanceFailureRule",
      "stack.rule StatusAlarmRule",
      "stack.controller",
      "stack.dead-letters",
      "stack.dashboard eip-failover-dev",
    ]);
  });
});

describe("doctor: a read that failed makes only the checks that need it unknown (pure)", () => {
  const unknownIds = (o: DoctorObservation) =>
    runChecks(o).flatMap((r) => (r.unknown === undefined ? [] : [`${r.id} ${r.subject ?? ""}`.trim()]));

  it.each<[Read, string[]]>([
    ["alarms", [`member.status-alarm ${A}`, `member.status-alarm ${B}`, "stack.orphan-alarms"]],
    ["rules", ["stack.rule InstanceFailureRule", "stack.rule StatusAlarmRule"]],
    ["controller", ["stack.controller"]],
    ["deadLetters", ["stack.dead-letters"]],
    ["dashboard", ["stack.dashboard eip-failover-dev"]],
    [
      "instances",
      [
        `member.exists ${A}`,
        `member.tagged ${A}`,
        `member.imdsv2 ${A}`,
        `member.instance-profile ${A}`,
        `member.exists ${B}`,
        `member.tagged ${B}`,
        `member.imdsv2 ${B}`,
        `member.instance-profile ${B}`,
      ],
    ],
  ])("%s unread: exactly its checks are unknown, with the reason and no fix", (read, expected) => {
    // Prepare
    const o = { ...observation(), unread: { [read]: "X failed (AccessDenied: no)" } };
    // Act
    const results = runChecks(o);
    // Assess
    expect(unknownIds(o)).toEqual(expected);
    for (const r of results.filter((x) => x.unknown !== undefined)) {
      expect(r).toMatchObject({ ok: false, unknown: "X failed (AccessDenied: no)" });
      expect(r.fix).toBeUndefined();
    }
    expect(results.filter((r) => !r.ok && r.unknown === undefined)).toEqual([]);
  });

  it("the documents unread: one unknown line for them, the stack's own checks still run", () => {
    // Prepare
    const o: DoctorObservation = {
      ...observation(),
      clusters: [],
      unread: { documents: "GetParametersByPath /eip-failover/clusters/ failed (AccessDeniedException: no)" },
    };
    // Act
    const results = runChecks(o);
    // Assess
    expect(results.map((r) => `${r.id} ${r.unknown === undefined ? r.ok : "unknown"}`)).toEqual([
      "documents.read unknown",
      "stack.orphan-alarms unknown",
      "stack.rule true",
      "stack.rule true",
      "stack.controller true",
      "stack.dead-letters true",
      "stack.dashboard true",
    ]);
    expect(renderChecks(results)).toContain(
      "? the cluster documents could be read\n    unknown: GetParametersByPath /eip-failover/clusters/ failed (AccessDeniedException: no)",
    );
    expect(renderChecks(results)).toMatch(/2 of 7 checks unknown \(a read failed\)\n$/);
    expect(doctorExit(results)).toBe(1);
  });
});
