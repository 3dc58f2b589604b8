import { describe, expect, it } from "vitest";
import type { RouteHop, RouteSnapshot } from "../../../../core/index.ts";
import { routeChecks } from "../../../../functions/self-check/route-checks.ts";
import { ENI_A, ENI_B, ENI_X, OVERLAY, T1, T2, to } from "../../../support/routes.ts";

const members = [
  { instanceId: "i-0aaaaaaaaaaaaaaa1", networkInterfaceId: ENI_A },
  { instanceId: "i-0bbbbbbbbbbbbbbb1", networkInterfaceId: ENI_B },
];
const seen = (t1?: RouteHop, t2?: RouteHop): RouteSnapshot => ({
  destination: OVERLAY,
  tables: [
    { routeTableId: T1, ...(t1 ? { route: t1 } : {}) },
    { routeTableId: T2, ...(t2 ? { route: t2 } : {}) },
  ],
});
const ask = (routeTableId: string, networkInterfaceId: string) => ({
  routeTableId,
  destination: OVERLAY,
  networkInterfaceId,
});

describe("routeChecks: a DryRun ReplaceRoute per table that would change nothing even if carried out", () => {
  it.each([
    [
      "both tables at A: each replaced with A, what is there now",
      seen(to(ENI_A), to(ENI_A)),
      [ask(T1, ENI_A), ask(T2, ENI_A)],
    ],
    [
      "a half-finished move (T1 at B, T2 at A): each table its own interface",
      seen(to(ENI_B), to(ENI_A)),
      [ask(T1, ENI_B), ask(T2, ENI_A)],
    ],
    [
      "a non-member's interface, a blackhole: still what is there now",
      seen(to(ENI_X), to(ENI_A, true)),
      [ask(T1, ENI_X), ask(T2, ENI_A)],
    ],
    [
      "T1 without the route: the holder's interface (a missing route cannot be replaced, so nothing is created)",
      seen(undefined, to(ENI_B)),
      [ask(T1, ENI_B), ask(T2, ENI_B)],
    ],
    [
      "the holder is a member, not the first non-member seen",
      seen(to(ENI_X), to(ENI_B)),
      [ask(T1, ENI_X), ask(T2, ENI_B)],
    ],
    ["no table has the route: the first member's interface", seen(), [ask(T1, ENI_A), ask(T2, ENI_A)]],
  ])("%s", (_, snapshot, expected) => {
    expect(routeChecks(snapshot, members)).toEqual(expected);
  });

  it("a table routing the destination to a gateway is not asked, and says why", () => {
    const checks = routeChecks(
      seen({ other: "igw-0123456789abcdef0", blackhole: false }, to(ENI_A)),
      members,
    );
    expect(checks).toEqual([
      {
        routeTableId: T1,
        destination: OVERLAY,
        skipped: `${T1} routes ${OVERLAY} to igw-0123456789abcdef0, not to a member's interface: the controller leaves it alone, so its ReplaceRoute was not asked`,
      },
      ask(T2, ENI_A),
    ]);
  });
});
