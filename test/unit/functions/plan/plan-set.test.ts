import { describe, expect, it } from "vitest";
import type { AddressSnapshot, RouteSnapshot } from "../../../../core/index.ts";
import {
  describePlan,
  type ItemStep,
  needsFencing,
  planMove,
  planSet,
  stepsOf,
} from "../../../../functions/plan/plan-set.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const onA: AddressSnapshot = {
  allocationId: ALLOC,
  publicIp: "203.0.113.10",
  domain: "vpc",
  association: { associationId: "eipassoc-0aaaaaaaaaaaaaaa1", instanceId: A },
};
const unassociated: AddressSnapshot = { allocationId: ALLOC, publicIp: "203.0.113.10", domain: "vpc" };

describe("planMove: the steps of one move, from plain data", () => {
  it.each([
    {
      name: "fencing a running node, then the compare-and-swap, then reconciliation",
      input: {
        cluster: { fencing: "stop", pacemaker: { reconcileCommand: "crm_resource --refresh" } },
        failedState: "running",
        observed: onA,
      },
      steps: ["fence", "move", "reconcile"],
      lines: [
        `StopInstances ${A} (SkipOsShutdown + Force)`,
        "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
        `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
      ],
    },
    {
      name: "no fencing for a node already stopping, no reconciliation without Pacemaker",
      input: { cluster: { fencing: "stop" }, failedState: "stopping", observed: onA },
      steps: ["move"],
      lines: [
        "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
      ],
    },
    {
      name: "reboot: the fence waits until stopped, and the fenced node is started after the move",
      input: {
        cluster: { fencing: "reboot", pacemaker: { reconcileCommand: "crm_resource --refresh" } },
        failedState: "running",
        cause: "alarm",
        observed: onA,
      },
      steps: ["fence", "move", "reconcile", "start"],
      lines: [
        `StopInstances ${A} (SkipOsShutdown + Force)`,
        `DescribeInstanceStatus ${A} until stopped (nothing moves before)`,
        "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
        `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
        `StartInstances ${A} (it boots and rejoins as the standby, taking nothing)`,
      ],
    },
    {
      name: "reboot, retried after its wait ran out: the status-failed node, now stopping, is waited for and started",
      input: { cluster: { fencing: "reboot" }, failedState: "stopping", cause: "alarm", observed: onA },
      steps: ["fence", "move", "start"],
      lines: [
        `StopInstances ${A} (SkipOsShutdown + Force)`,
        `DescribeInstanceStatus ${A} until stopped (nothing moves before)`,
        "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
        `StartInstances ${A} (it boots and rejoins as the standby, taking nothing)`,
      ],
    },
    {
      name: "reboot of a node someone stopped (a state change): moved only, left as they left it",
      input: { cluster: { fencing: "reboot" }, failedState: "stopped", cause: "state-change", observed: onA },
      steps: ["move"],
      lines: [
        "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
      ],
    },
    {
      name: "an address nobody holds is only associated",
      input: { cluster: { fencing: "none" }, failedState: "terminated", observed: unassociated },
      steps: ["move"],
      lines: [`AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`],
    },
  ] as const)("$name", ({ input, steps, lines }) => {
    // Act
    const plan = planMove({ ...input, failedInstanceId: A, standby: { instanceId: B } });
    // Assess
    expect(plan.map((s) => s.step)).toEqual(steps);
    expect(describePlan(plan)).toEqual(lines);
  });

  it("targets the standby's configured interface and private IP", () => {
    const standby = {
      instanceId: B,
      networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
      privateIpAddress: "10.0.2.9",
    };
    const plan = planMove({
      cluster: { fencing: "none" },
      failedInstanceId: A,
      failedState: "stopped",
      observed: onA,
      standby,
    });
    expect(plan[0]).toMatchObject({
      step: "move",
      standbyId: B,
      target: {
        kind: "interface",
        networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
        privateIpAddress: "10.0.2.9",
      },
    });
  });
});

describe("planSet: a cluster's addresses and routes as one set", () => {
  const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
  const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
  const DEST = "192.168.100.10/32";
  const overlay: RouteSnapshot = {
    destination: DEST,
    tables: [
      { routeTableId: "rtb-0aaaaaaaaaaaaaaa1", route: { networkInterfaceId: ENI_A, blackhole: false } },
      { routeTableId: "rtb-0bbbbbbbbbbbbbbb1" },
    ],
  };
  const standby = { instanceId: B, networkInterfaceId: ENI_B };
  const input = {
    cluster: { fencing: "stop", pacemaker: { reconcileCommand: "crm_resource --refresh" } },
    failedInstanceId: A,
    failedState: "running",
    standby,
  } as const;

  it("one fence, one step per address and per route, one reconciliation, all to the one standby", () => {
    // Act
    const plan = planSet({ ...input, addresses: [onA, unassociated], routes: [overlay] });
    // Assess
    expect(plan.map((s) => s.step)).toEqual(["fence", "move", "move", "route", "reconcile"]);
    expect(describePlan(plan)).toEqual([
      `StopInstances ${A} (SkipOsShutdown + Force)`,
      "DisassociateAddress eipassoc-0aaaaaaaaaaaaaaa1",
      `AssociateAddress ${ALLOC} → network interface ${ENI_B} (AllowReassociation=false)`,
      `AssociateAddress ${ALLOC} → network interface ${ENI_B} (AllowReassociation=false)`,
      `ReplaceRoute rtb-0aaaaaaaaaaaaaaa1 ${DEST} → ${ENI_B}`,
      `CreateRoute rtb-0bbbbbbbbbbbbbbb1 ${DEST} → ${ENI_B}`,
      `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    ]);
  });

  it("a route-only set has no address step; an item's dry run shows the shared steps around its own", () => {
    const plan = planSet({
      ...input,
      addresses: [],
      routes: [overlay, { ...overlay, destination: "fd00:ec2::10/128" }],
    });
    const [, first, second] = plan;
    expect(plan.map((s) => s.step)).toEqual(["fence", "route", "route", "reconcile"]);
    expect(first).toMatchObject({ step: "route", networkInterfaceId: ENI_B, standbyId: B });
    expect(describePlan(stepsOf(plan, second as ItemStep))).toEqual([
      `StopInstances ${A} (SkipOsShutdown + Force)`,
      `ReplaceRoute rtb-0aaaaaaaaaaaaaaa1 fd00:ec2::10/128 → ${ENI_B}`,
      `CreateRoute rtb-0bbbbbbbbbbbbbbb1 fd00:ec2::10/128 → ${ENI_B}`,
      `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    ]);
  });

  it("the reconcile waits out the lag bound on the node, in whole seconds; with exact reads (bound 0) it does not wait", () => {
    const withPacemaker = { ...input, addresses: [onA], routes: [] };
    const last = (lagBoundMs?: number) =>
      describePlan(planSet({ ...withPacemaker, ...(lagBoundMs === undefined ? {} : { lagBoundMs }) })).at(-1);
    expect(last()).toBe(
      `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    );
    expect(last(2_500)).toBe(
      `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    );
    expect(last(1_000)).toBe(
      `SSM AWS-RunShellScript on ${B}: sleep 1; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    );
    expect(last(0)).toBe(
      `SSM AWS-RunShellScript on ${B}: for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
    );
  });

  it("a route to a standby without an interface is a configuration error naming the instance", () => {
    expect(() => planSet({ ...input, standby: { instanceId: B }, addresses: [], routes: [overlay] })).toThrow(
      expect.objectContaining({
        reason: "malformed",
        message: `${B} has no networkInterfaceId: a route can only point at a member's interface`,
      }),
    );
  });
});

describe("needsFencing: fence only when configured and the failed node is not already going down", () => {
  it.each([
    ["stop", "running", true],
    ["stop", undefined, true],
    ["stop", "pending", true],
    ["stop", "stopping", false],
    ["stop", "terminated", false],
    ["none", "running", false],
  ] as const)("fencing %s, failed node %s → %s", (fencing, state, needed) => {
    expect(needsFencing(fencing, state)).toBe(needed);
  });

  it.each([
    ["running", "alarm", true],
    ["pending", "state-change", true],
    [undefined, "alarm", true],
    // stopped after its status checks failed: by this decision's first attempt, or fence_aws; the reboot goes on
    ["stopping", "alarm", true],
    ["stopped", "alarm", true],
    // stopped by someone, which is the failure itself: theirs
    ["stopping", "state-change", false],
    ["stopped", "state-change", false],
    // gone for good: nothing to start
    ["shutting-down", "alarm", false],
    ["terminated", "alarm", false],
  ] as const)("fencing reboot, failed node %s after a %s → %s", (state, cause, needed) => {
    expect(needsFencing("reboot", state, cause)).toBe(needed);
  });
});
