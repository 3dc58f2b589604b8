import { describe, expect, it } from "vitest";
import type { AddressSnapshot } from "../../../core/index.ts";
import { describePlan, planMove } from "../../../functions/plan.ts";

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
        `SSM AWS-RunShellScript on ${B}: crm_resource --refresh`,
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
