import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  ConflictError,
  classify,
  describeHop,
  destinationProblem,
  ErrorReasons,
  hostRoute,
  planRouteClaim,
  type RouteSnapshot,
} from "../../../core/index.ts";
import { assertRouteRef } from "../../../core/validate.ts";

const ENI = { a: "eni-0000000000000000a", b: "eni-0000000000000000b", c: "eni-0000000000000000c" };
const RTB = { x: "rtb-0000000000000000a", y: "rtb-0000000000000000b", z: "rtb-0000000000000000c" };
const D = "192.168.100.10/32";

/** A snapshot where each table routes D to the given ENI (undefined: no route). */
function seen(routes: Record<string, string | undefined>): RouteSnapshot {
  return {
    destination: D,
    tables: Object.entries(routes).map(([routeTableId, eni]) => ({
      routeTableId,
      ...(eni ? { route: { networkInterfaceId: eni, blackhole: false } } : {}),
    })),
  };
}

describe("hostRoute and destinationProblem (core/ids.ts)", () => {
  it.each([
    ["192.168.100.10", "192.168.100.10/32"],
    ["192.168.100.10/32", "192.168.100.10/32"],
    [" 10.1.2.3 ", "10.1.2.3/32"],
    ["fd00:ec2::10", "fd00:ec2::10/128"],
    ["FD00:0EC2:0:0:0:0:0:10/128", "fd00:ec2::10/128"],
    ["2001:db8::1/128", "2001:db8::1/128"],
    // every octet form: 25x, 2[0-4]x, 1xx, two digits, one digit, in the first place and the others
    ["249.1.0.9", "249.1.0.9/32"],
    ["1.255.249.100", "1.255.249.100/32"],
    ["0.10.199.255", "0.10.199.255/32"],
  ])("%s is the host route %s", (value, expected) => {
    expect(hostRoute(value)).toBe(expected);
    expect(destinationProblem(value)).toBeUndefined();
  });

  it.each([
    "",
    "192.168.100.0/24",
    "192.168.100.10/",
    "192.168.100.256",
    "256.1.1.1",
    "01.1.1.1",
    "1.1.1.260",
    "192.168.100",
    "fd00::10/64",
    "fd00::10%eth0",
    "fd00:::10",
    "::1]:80?[",
    "::1]:80#1",
    "[fd00::10]",
    "rtb-0123456789abcdef0",
    "1.2.3.4/32/32",
  ])("'%s' is not a host route, and the message names it", (value) => {
    expect(hostRoute(value)).toBeUndefined();
    expect(destinationProblem(value)).toBe(
      `route destination malformed: '${value}' (expected one address, e.g. 192.168.100.10/32 or fd00:ec2::10/128)`,
    );
  });
});

describe("assertRouteRef", () => {
  it.each([
    [{ destination: "10.0.0.0/8", routeTableIds: [RTB.x] }, "route destination malformed: '10.0.0.0/8'"],
    [{ destination: D, routeTableIds: [] }, `no route table given for ${D}`],
    [{ destination: D, routeTableIds: ["rtb-12"] }, "route table id malformed: 'rtb-12'"],
    [{ destination: D, routeTableIds: [RTB.x, RTB.x] }, `route table listed twice: ${RTB.x}`],
  ])("%j: ConfigurationError (malformed) naming the value", (ref, message) => {
    // Act
    const thrown = (() => {
      try {
        assertRouteRef(ref);
      } catch (error) {
        return error;
      }
    })();
    // Assess
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown).toMatchObject({ reason: ErrorReasons.malformed });
    expect((thrown as Error).message).toContain(message);
  });
});

describe("planRouteClaim (pure)", () => {
  it("claim: nothing where it already points, ReplaceRoute where a route exists, CreateRoute where none", () => {
    // Act
    const plan = planRouteClaim(seen({ [RTB.x]: ENI.b, [RTB.y]: ENI.a, [RTB.z]: undefined }), ENI.b);
    // Assess
    expect(plan.unchanged).toEqual([RTB.x]);
    expect(plan.steps).toEqual([
      { action: "ReplaceRoute", routeTableId: RTB.y, destination: D, networkInterfaceId: ENI.b },
      { action: "CreateRoute", routeTableId: RTB.z, destination: D, networkInterfaceId: ENI.b },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it("a blackhole route to the target itself is replaced, not counted as pointing there", () => {
    const snapshot: RouteSnapshot = {
      destination: D,
      tables: [{ routeTableId: RTB.x, route: { networkInterfaceId: ENI.b, blackhole: true } }],
    };
    expect(planRouteClaim(snapshot, ENI.b).steps.map((s) => s.action)).toEqual(["ReplaceRoute"]);
  });

  it("compare-and-swap: a table changed since the observation is a conflict with no step", () => {
    // Prepare
    const observed = seen({ [RTB.x]: ENI.a, [RTB.y]: ENI.a, [RTB.z]: undefined });
    const current = seen({ [RTB.x]: ENI.a, [RTB.y]: ENI.c, [RTB.z]: ENI.c });
    // Act
    const plan = planRouteClaim(current, ENI.b, observed);
    // Assess
    expect(plan.steps.map((s) => s.routeTableId)).toEqual([RTB.x]);
    expect(plan.conflicts).toEqual([
      {
        routeTableId: RTB.y,
        observed: { networkInterfaceId: ENI.a, blackhole: false },
        current: { networkInterfaceId: ENI.c, blackhole: false },
      },
      { routeTableId: RTB.z, current: { networkInterfaceId: ENI.c, blackhole: false } },
    ]);
  });

  it("compare-and-swap: a table already moved to the target by someone else is unchanged, not a conflict", () => {
    const plan = planRouteClaim(seen({ [RTB.x]: ENI.b }), ENI.b, seen({ [RTB.x]: ENI.a }));
    expect(plan).toEqual({ steps: [], unchanged: [RTB.x], conflicts: [] });
  });

  it("no plan deletes a route: every step is ReplaceRoute or CreateRoute", () => {
    const plan = planRouteClaim(seen({ [RTB.x]: ENI.a, [RTB.y]: undefined }), ENI.b);
    expect(new Set(plan.steps.map((s) => s.action))).toEqual(new Set(["ReplaceRoute", "CreateRoute"]));
  });
});

describe("route errors and descriptions", () => {
  const ec2Error = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });

  it("InvalidRouteTableID.NotFound: not-found, naming the table", () => {
    const error = classify(
      ec2Error("InvalidRouteTableID.NotFound", "The routeTable ID 'rtb-1' does not exist"),
      {
        action: "DescribeRouteTables",
        routeTableId: RTB.x,
      },
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: ErrorReasons.notFound });
    expect((error as Error).message).toMatch(/^route table not found: rtb-0000000000000000a \(expected rtb-/);
  });

  it("RouteAlreadyExists: a conflict (someone created the route after the observation)", () => {
    const error = classify(ec2Error("RouteAlreadyExists", "exists"), {
      action: "CreateRoute",
      routeTableId: RTB.x,
    });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain(`route table ${RTB.x}`);
  });

  it.each([
    [undefined, "no route"],
    [
      { networkInterfaceId: ENI.a, instanceId: "i-0123456789abcdef0", blackhole: false },
      `network interface ${ENI.a} (instance i-0123456789abcdef0)`,
    ],
    [{ other: "igw-0123456789abcdef0", blackhole: false }, "igw-0123456789abcdef0"],
    [{ networkInterfaceId: ENI.a, blackhole: true }, `network interface ${ENI.a} (blackhole)`],
  ])("describeHop(%j) is '%s'", (hop, text) => {
    expect(describeHop(hop)).toBe(text);
  });
});
