import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../../core/deadline.ts";
import type { Cluster } from "../../../../functions/clusters/schema.ts";
import { lookAtRoute } from "../../../../functions/look/look-at.ts";
import type { Trace } from "../../../../functions/report/trace.ts";
import type { Deps, Failure } from "../../../../functions/types.ts";
import { fakeEc2 } from "../../../support/fake-ec2.ts";

// lookAtRoute over a fake EC2: which member's route it is, and what the set's report says while it waits.
const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const C = "i-0ccccccccccccccc1";
const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
const DEST = "192.168.100.10/32";
const RTB = ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0bbbbbbbbbbbbbbb1"] as const;
const ROUTE = { destination: DEST, routeTableIds: [...RTB] };
const cluster: Cluster = {
  name: "web",
  addresses: [],
  routes: [ROUTE],
  members: [
    { instanceId: A, networkInterfaceId: ENI_A },
    { instanceId: B, networkInterfaceId: ENI_B },
  ],
  fencing: "none",
  graceSeconds: 30,
};
const failureOf = (instanceId: string): Failure => ({
  instanceId,
  cause: "state-change",
  detail: "stopped",
  at: 1_000,
});

/** Looks at ROUTE where each table sends DEST to the interface named (by interface only, as EC2 shows an ENI route). */
async function look(where: Partial<Record<(typeof RTB)[number], string>>, failed: string) {
  const { ec2 } = fakeEc2({
    DescribeRouteTables: (input) => ({
      RouteTables: (input.RouteTableIds as string[]).map((id) => {
        const eni = where[id as (typeof RTB)[number]];
        return {
          RouteTableId: id,
          Routes: eni ? [{ DestinationCidrBlock: DEST, NetworkInterfaceId: eni, State: "active" }] : [],
        };
      }),
    }),
  });
  const deps = { ec2, sleep: async () => {} } as unknown as Deps;
  const trace: Trace = { graceMs: 0, steps: {} };
  const at = { cluster, failure: failureOf(failed), deadline: deadlineIn(5_000) };
  return { look: await lookAtRoute(deps, at, ROUTE, trace), trace };
}

describe("lookAtRoute: one route's first look", () => {
  it("a table routing to the failed member's interface is its (the member found by id, not by place)", async () => {
    // Act: B, the second member, failed; its interface holds the route in the first table
    const { look: seen, trace } = await look({ [RTB[0]]: ENI_B }, B);
    // Assess
    expect(seen).toMatchObject({
      action: "wait-then-move",
      waiting: `${B} still holds ${DEST} in ${RTB[0]}; Pacemaker has until the grace window ends`,
      idle: `${DEST} has no route in ${RTB[1]}, and nothing of web is held by the failed ${B}: left for Pacemaker or an operator`,
    });
    expect(trace.from).toBe(B);
  });

  it("a route with no table at all waits to be created with the set, and names no holder", async () => {
    // Act
    const { look: seen, trace } = await look({}, A);
    // Assess
    expect(seen).toMatchObject({
      action: "join",
      waiting: `${DEST} has no route in ${RTB.join(", ")}: created with the rest of the set once the grace window ends`,
    });
    expect(trace.from).toBeUndefined();
  });

  it("a route elsewhere in every table, or a failed instance that is no member, is skipped", async () => {
    // Act
    const elsewhere = await look({ [RTB[0]]: ENI_B, [RTB[1]]: ENI_B }, A);
    const stranger = await look({ [RTB[0]]: ENI_A, [RTB[1]]: ENI_A }, C);
    // Assess
    for (const { look: seen, trace } of [elsewhere, stranger]) {
      expect(seen).toEqual({ action: "skip", reason: expect.stringContaining(DEST) });
      expect(trace.from).toBeUndefined();
    }
  });
});
