import { describe, expect, it } from "vitest";
import { runChecks } from "../../../../cli/doctor/checks.ts";
import { pointsAtMemberCheck, routeChecks } from "../../../../cli/doctor/route-checks.ts";
import type { DoctorCluster, DoctorMember, DoctorRoute } from "../../../../cli/doctor/types.ts";
import { A, B, ENI_A, ENI_B, OVERLAY, RTB_A, RTB_B, table, VPC } from "../route-fixtures.ts";
import { healthyMember, TAG } from "./fixtures.ts";

function member(id: string, eni: string, over: Partial<DoctorMember["routedInterface"]> = {}): DoctorMember {
  return healthyMember(id, {
    interfaces: [{ networkInterfaceId: eni, tags: TAG }],
    routedInterface: {
      networkInterfaceId: eni,
      exists: true,
      attachedTo: id,
      sourceDestCheck: false,
      ...over,
    },
  });
}

function route(over: Partial<DoctorRoute> = {}): DoctorRoute {
  return {
    destination: OVERLAY,
    tables: [table(RTB_A), table(RTB_B)],
    vpcs: [{ vpcId: VPC, cidrs: ["10.0.0.0/16", "2600:1f18:abcd:1200::/56"] }],
    ...over,
  };
}

/** The classic pair with the overlay routed to A in both subnets' tables; `over` breaks one thing. */
function cluster(over: Partial<DoctorCluster> = {}): DoctorCluster {
  return {
    name: "web",
    addresses: [],
    members: [member(A, ENI_A), member(B, ENI_B)],
    routes: [route()],
    ...over,
  };
}

const failed = (c: DoctorCluster) =>
  runChecks({ clusters: [c], invalid: [] })
    .filter((r) => !r.ok)
    .map((r) => r.what);

describe("the doctor's route checks (pure)", () => {
  it("a correct overlay passes: each member's interface, the CIDR, each table twice", () => {
    // Act
    const results = runChecks({ clusters: [cluster()], invalid: [] });
    // Assess
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => /routed|overlay|route table/.test(r.what)).map((r) => r.what)).toEqual([
      `member ${A}'s routed interface ${ENI_A} has source/destination check disabled`,
      `member ${B}'s routed interface ${ENI_B} has source/destination check disabled`,
      `overlay ${OVERLAY} is outside every CIDR of ${VPC} (10.0.0.0/16, 2600:1f18:abcd:1200::/56)`,
      `route table ${RTB_A} (listed for ${OVERLAY}) exists and is associated with a subnet (1 subnet)`,
      `route table ${RTB_A} sends ${OVERLAY} to a member's interface (${A}'s ${ENI_A})`,
      `route table ${RTB_B} (listed for ${OVERLAY}) exists and is associated with a subnet (1 subnet)`,
      `route table ${RTB_B} sends ${OVERLAY} to a member's interface (${A}'s ${ENI_A})`,
    ]);
  });

  it.each<[string, DoctorCluster, string[]]>([
    [
      "source/destination check enabled",
      cluster({ members: [member(A, ENI_A), member(B, ENI_B, { sourceDestCheck: true })] }),
      [`member ${B}'s routed interface ${ENI_B} has source/destination check disabled (enabled)`],
    ],
    [
      "source/destination check not reported",
      cluster({ members: [member(A, ENI_A), member(B, ENI_B, { sourceDestCheck: undefined })] }),
      [`member ${B}'s routed interface ${ENI_B} has source/destination check disabled (EC2 did not say)`],
    ],
    [
      "the routed interface does not exist",
      cluster({
        members: [member(A, ENI_A), member(B, ENI_B, { exists: false, attachedTo: undefined })],
      }),
      [`member ${B}'s routed interface ${ENI_B} is attached to it (does not exist)`],
    ],
    [
      "the routed interface is another instance's",
      cluster({ members: [member(A, ENI_A), member(B, ENI_B, { attachedTo: A })] }),
      [`member ${B}'s routed interface ${ENI_B} is attached to it (is attached to ${A})`],
    ],
    [
      "the routed interface is detached",
      cluster({ members: [member(A, ENI_A), member(B, ENI_B, { attachedTo: undefined })] }),
      [`member ${B}'s routed interface ${ENI_B} is attached to it (is detached)`],
    ],
    [
      "the overlay inside the VPC's secondary CIDR (and no 'points at' lines: no table can hold it)",
      cluster({
        routes: [route({ vpcs: [{ vpcId: VPC, cidrs: ["10.0.0.0/16", "192.168.0.0/16"] }] })],
      }),
      [`overlay ${OVERLAY} is outside every CIDR of ${VPC} (falls in 192.168.0.0/16)`],
    ],
    [
      "an IPv6 overlay inside the VPC's IPv6 CIDR",
      cluster({
        routes: [route({ destination: "2600:1f18:abcd:1234::10/128", tables: [table(RTB_A)] })],
      }),
      [
        `overlay 2600:1f18:abcd:1234::10/128 is outside every CIDR of ${VPC} (falls in 2600:1f18:abcd:1200::/56)`,
      ],
    ],
    [
      "a listed table that does not exist (and no 'points at' line for it)",
      cluster({
        routes: [
          route({
            tables: [table(RTB_A), { routeTableId: RTB_B, exists: false, main: false, subnetIds: [] }],
          }),
        ],
      }),
      [`route table ${RTB_B} (listed for ${OVERLAY}) exists`],
    ],
    [
      "a listed table no subnet uses",
      cluster({ routes: [route({ tables: [table(RTB_A), table(RTB_B, { subnetIds: [] })] })] }),
      [`route table ${RTB_B} (listed for ${OVERLAY}) exists and is associated with a subnet (0 subnets)`],
    ],
    [
      "a table without the route",
      cluster({ routes: [route({ tables: [table(RTB_A), table(RTB_B, { route: undefined })] })] }),
      [`route table ${RTB_B} sends ${OVERLAY} to a member's interface (it has no route for it)`],
    ],
    [
      "a blackhole to a member's interface",
      cluster({
        routes: [
          route({
            tables: [table(RTB_A), table(RTB_B, { route: { networkInterfaceId: ENI_B, blackhole: true } })],
          }),
        ],
      }),
      [
        `route table ${RTB_B} sends ${OVERLAY} to a member's interface (network interface ${ENI_B} (blackhole): its target is gone)`,
      ],
    ],
    [
      "a route to a non-member's interface",
      cluster({
        routes: [
          route({
            tables: [
              table(RTB_A),
              table(RTB_B, {
                route: {
                  networkInterfaceId: "eni-0cccccccccccccccc",
                  instanceId: "i-0cccccccccccccccc",
                  blackhole: false,
                },
              }),
            ],
          }),
        ],
      }),
      [
        `route table ${RTB_B} sends ${OVERLAY} to a member's interface (network interface eni-0cccccccccccccccc (instance i-0cccccccccccccccc), no member's)`,
      ],
    ],
    [
      "a route to a gateway",
      cluster({
        routes: [
          route({
            tables: [
              table(RTB_A),
              table(RTB_B, { route: { other: "igw-0123456789abcdef0", blackhole: false } }),
            ],
          }),
        ],
      }),
      [`route table ${RTB_B} sends ${OVERLAY} to a member's interface (igw-0123456789abcdef0, no member's)`],
    ],
  ])("%s: exactly that ✗", (_, c, expected) => {
    expect(failed(c)).toEqual(expected);
  });

  it("the VPC's main table serves a subnet even with no explicit association", () => {
    // Act
    const [, tableLine] = routeChecks(
      cluster({ routes: [route({ tables: [table(RTB_A, { main: true, subnetIds: [] })] })] }),
    );
    // Assess
    expect(tableLine).toEqual({
      id: "route.table",
      cluster: "web",
      subject: RTB_A,
      ok: true,
      what: `route table ${RTB_A} (listed for ${OVERLAY}) exists and is associated with a subnet (the VPC's main table: it serves every subnet without a table of its own)`,
    });
  });

  it("no VPC observed (no listed table exists): no CIDR line rather than a ✓ over nothing", () => {
    // Act
    const results = routeChecks(
      cluster({
        routes: [
          route({ vpcs: [], tables: [{ routeTableId: RTB_A, exists: false, main: false, subnetIds: [] }] }),
        ],
      }),
    );
    // Assess
    expect(results.map((r) => r.what)).toEqual([`route table ${RTB_A} (listed for ${OVERLAY}) exists`]);
  });

  it("a cluster without routes gets no routed-interface line, whatever its members name", () => {
    // Act
    const results = runChecks({ clusters: [cluster({ routes: [] })], invalid: [] });
    // Assess
    expect(results.some((r) => /routed|overlay|route table/.test(r.what))).toBe(false);
  });

  it("each fix names the command and the values: the interface for the check, the table and its flag for a route", () => {
    // Prepare
    const broken = cluster({ members: [member(A, ENI_A), member(B, ENI_B, { sourceDestCheck: true })] });
    const v6 = table(RTB_A, { route: undefined });
    // Act
    const fixes = runChecks({ clusters: [broken], invalid: [] }).flatMap((r) => r.fix ?? []);
    const missing = pointsAtMemberCheck("web", "fd00:ec2::10/128", v6, broken.members);
    const misdirected = pointsAtMemberCheck(
      "web",
      OVERLAY,
      table(RTB_B, { route: { other: "igw-0123456789abcdef0", blackhole: false } }),
      broken.members,
    );
    // Assess
    expect(fixes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^aws ec2 modify-network-interface-attribute --network-interface-id ${ENI_B} --no-source-dest-check `,
        ),
      ),
    ]);
    expect(missing.fix).toMatch(
      new RegExp(
        `^aws ec2 create-route --route-table-id ${RTB_A} --destination-ipv6-cidr-block fd00:ec2::10/128 --network-interface-id <the active member's: ${ENI_A} or ${ENI_B}>`,
      ),
    );
    expect(misdirected.fix).toMatch(
      /^aws ec2 replace-route --route-table-id rtb-0bbbbbbbbbbbbbbbb --destination-cidr-block 192\.168\.100\.10\/32 /,
    );
  });
});
