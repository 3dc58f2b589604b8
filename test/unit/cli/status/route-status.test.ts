import { describe, expect, it } from "vitest";
import type { ListedTable } from "../../../../cli/route-tables.ts";
import { clusterStatus } from "../../../../cli/status/plan.ts";
import type { ObservedCluster } from "../../../../cli/status/types.ts";
import { A, B, ENI_A, ENI_B, OVERLAY, RTB_A, RTB_B, table } from "../route-fixtures.ts";

/** An overlay-only pair: the route to A's interface in both tables, B healthy in another AZ. */
function observed(tables: ListedTable[] = [table(RTB_A), table(RTB_B)], over: Partial<ObservedCluster> = {}) {
  return clusterStatus({
    name: "web",
    fencing: "none",
    graceSeconds: 0,
    members: [
      { instanceId: A, networkInterfaceId: ENI_A },
      { instanceId: B, networkInterfaceId: ENI_B },
    ],
    allocationIds: [],
    addresses: [],
    instances: [
      { instanceId: A, state: "running", availabilityZone: "ap-northeast-1a", statusOk: true },
      { instanceId: B, state: "running", availabilityZone: "ap-northeast-1c", statusOk: true },
    ],
    routes: [{ destination: OVERLAY, tables }],
    ...over,
  });
}

describe("clusterStatus: overlay routes", () => {
  it("both tables send the overlay to A: A holds it, B the standby, no drift", () => {
    // Act
    const status = observed();
    // Assess
    expect(status.routes).toEqual([
      {
        destination: OVERLAY,
        tables: [
          { routeTableId: RTB_A, pointsAt: "member", instanceId: A, networkInterfaceId: ENI_A },
          { routeTableId: RTB_B, pointsAt: "member", instanceId: A, networkInterfaceId: ENI_A },
        ],
        holder: A,
        standby: B,
      },
    ]);
    expect(status.members.map((m) => m.holds)).toEqual([[OVERLAY], []]);
    expect(status.warnings).toEqual([]);
  });

  it.each<[string, ListedTable, object, string]>([
    [
      "a table without the route",
      table(RTB_B, { route: undefined }),
      { routeTableId: RTB_B, pointsAt: "nowhere" },
      `route table ${RTB_B} has no route for ${OVERLAY}: its subnets cannot reach the overlay IP`,
    ],
    [
      "a table that does not exist",
      { routeTableId: RTB_B, exists: false, main: false, subnetIds: [] },
      { routeTableId: RTB_B, pointsAt: "missing" },
      `route table ${RTB_B} (listed for ${OVERLAY}) does not exist in this Region`,
    ],
    [
      "a blackhole",
      table(RTB_B, { route: { networkInterfaceId: ENI_A, blackhole: true } }),
      {
        routeTableId: RTB_B,
        pointsAt: "blackhole",
        instanceId: A,
        networkInterfaceId: ENI_A,
        target: `network interface ${ENI_A} (blackhole)`,
      },
      `route table ${RTB_B} sends ${OVERLAY} to a blackhole (network interface ${ENI_A} (blackhole))`,
    ],
    [
      "another instance's interface",
      table(RTB_B, {
        route: {
          networkInterfaceId: "eni-0cccccccccccccccc",
          instanceId: "i-0cccccccccccccccc",
          blackhole: false,
        },
      }),
      {
        routeTableId: RTB_B,
        pointsAt: "non-member",
        instanceId: "i-0cccccccccccccccc",
        networkInterfaceId: "eni-0cccccccccccccccc",
        target: "network interface eni-0cccccccccccccccc (instance i-0cccccccccccccccc)",
      },
      `route table ${RTB_B} sends ${OVERLAY} to network interface eni-0cccccccccccccccc (instance i-0cccccccccccccccc), which is not a member's interface`,
    ],
    [
      "a gateway",
      table(RTB_B, { route: { other: "igw-0123456789abcdef0", blackhole: false } }),
      { routeTableId: RTB_B, pointsAt: "non-member", target: "igw-0123456789abcdef0" },
      `route table ${RTB_B} sends ${OVERLAY} to igw-0123456789abcdef0, which is not a member's interface`,
    ],
  ])("%s: the table shows it, A still holds the route, one warning", (_, broken, view, warning) => {
    // Act
    const status = observed([table(RTB_A), broken]);
    // Assess
    expect(status.routes[0]?.tables[1]).toEqual(view);
    expect(status.routes[0]?.holder).toBe(A);
    expect(status.warnings).toEqual([warning]);
  });

  it("tables split between A and B: no holder, a warning naming each table's member", () => {
    // Act
    const status = observed([
      table(RTB_A),
      table(RTB_B, { route: { networkInterfaceId: ENI_B, blackhole: false } }),
    ]);
    // Assess
    expect(status.routes[0]?.holder).toBeUndefined();
    expect(status.members.map((m) => m.holds)).toEqual([[], []]);
    expect(status.warnings).toEqual([
      `route ${OVERLAY} points at 2 members at once (${RTB_A}: ${A}, ${RTB_B}: ${B})`,
    ]);
  });

  it("the holder impaired and the standby stopped: both said", () => {
    // Act
    const status = observed(undefined, {
      instances: [
        { instanceId: A, state: "running", availabilityZone: "ap-northeast-1a", statusOk: false },
        { instanceId: B, state: "stopped", availabilityZone: "ap-northeast-1c", statusOk: false },
      ],
    });
    // Assess
    expect(status.routes[0]?.standby).toBeUndefined();
    expect(status.warnings).toContain(`route ${OVERLAY} is on ${A}, which is impaired`);
    expect(status.warnings).toContain(
      `route ${OVERLAY} has no healthy standby: if its holder failed now, nothing could take it`,
    );
  });

  it("no route at all: no routes, no route warnings", () => {
    expect(observed(undefined, { routes: undefined })).toMatchObject({ routes: [], warnings: [] });
  });
});
