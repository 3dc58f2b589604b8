import {
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  type DescribeRouteTablesCommandOutput,
  EC2Client,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigurationError,
  claimRoutes,
  claimRoutesIfUnchanged,
  deadlineIn,
  observeRoutes,
  type RouteSnapshot,
  TransientError,
} from "../../../core/index.ts";

// EC2's answers that moto does not give (RouteAlreadyExists on CreateRoute; ReplaceRoute of a missing route),
// and the retry of a throttled ReplaceRoute.

const RTB = "rtb-0000000000000000a";
const A = "eni-0000000000000000a";
const B = "eni-0000000000000000b";
const C = "eni-0000000000000000c";
const D = "192.168.100.10/32";
const err = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const table = (eni?: string): DescribeRouteTablesCommandOutput => ({
  RouteTables: [
    {
      RouteTableId: RTB,
      Routes: [
        { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
        ...(eni ? [{ DestinationCidrBlock: D, NetworkInterfaceId: eni, State: "active" } as const] : []),
      ],
    },
  ],
  $metadata: {},
});
const snapshot = (eni?: string): RouteSnapshot => ({
  destination: D,
  tables: [{ routeTableId: RTB, ...(eni ? { route: { networkInterfaceId: eni, blackhole: false } } : {}) }],
});

const mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const ec2 = new EC2Client({ region: "ap-northeast-1" });
const options = () => ({ deadline: deadlineIn(5_000), sleep: async () => {} });

describe("route claims: EC2's answers to a table that changed under them", () => {
  beforeEach(() => mock.reset());

  it("observeRoutes sends one DescribeRouteTables naming every table, and finds an IPv6 route by its canonical form", async () => {
    // Prepare
    mock.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: RTB,
          Routes: [{ DestinationIpv6CidrBlock: "fd00:ec2:0::10/128", NetworkInterfaceId: A }],
        },
        { RouteTableId: "rtb-0000000000000000b", Routes: [] },
      ],
    });
    // Act
    const seen = await observeRoutes(
      ec2,
      { destination: "fd00:ec2::10", routeTableIds: [RTB, "rtb-0000000000000000b"] },
      options(),
    );
    // Assess
    expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(1);
    expect(mock.commandCalls(DescribeRouteTablesCommand)[0]?.args[0].input).toEqual({
      RouteTableIds: [RTB, "rtb-0000000000000000b"],
    });
    expect(seen.tables).toEqual([
      { routeTableId: RTB, route: { networkInterfaceId: A, blackhole: false } },
      { routeTableId: "rtb-0000000000000000b" },
    ]);
  });

  it("IPv6: ReplaceRoute names DestinationIpv6CidrBlock", async () => {
    mock.on(ReplaceRouteCommand).resolves({});
    const v6: RouteSnapshot = { destination: "fd00:ec2::10/128", tables: snapshot(A).tables };
    await claimRoutes(ec2, v6, B, options());
    expect(mock.commandCalls(ReplaceRouteCommand)[0]?.args[0].input).toEqual({
      RouteTableId: RTB,
      NetworkInterfaceId: B,
      DestinationIpv6CidrBlock: "fd00:ec2::10/128",
    });
  });

  it("claim: CreateRoute answered RouteAlreadyExists reads the table again and replaces the route", async () => {
    // Prepare
    mock.on(CreateRouteCommand).rejects(err("RouteAlreadyExists"));
    mock.on(DescribeRouteTablesCommand).resolves(table(C));
    mock.on(ReplaceRouteCommand).resolves({});
    // Act
    const result = await claimRoutes(ec2, snapshot(), B, options());
    // Assess
    expect(result.steps.map((s) => s.action)).toEqual(["ReplaceRoute"]);
    expect(mock.commandCalls(ReplaceRouteCommand)[0]?.args[0].input).toMatchObject({ NetworkInterfaceId: B });
  });

  it("claim: CreateRoute answered RouteAlreadyExists by its own earlier attempt is done, no more calls", async () => {
    mock.on(CreateRouteCommand).rejects(err("RouteAlreadyExists"));
    mock.on(DescribeRouteTablesCommand).resolves(table(B));
    const result = await claimRoutes(ec2, snapshot(), B, options());
    expect(result.steps.map((s) => s.action)).toEqual(["CreateRoute"]);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(0);
  });

  it("claim: ReplaceRoute of a route deleted since the observation creates it", async () => {
    mock.on(ReplaceRouteCommand).rejects(err("InvalidParameterValue"));
    mock.on(DescribeRouteTablesCommand).resolves(table());
    mock.on(CreateRouteCommand).resolves({});
    const result = await claimRoutes(ec2, snapshot(A), B, options());
    expect(result.steps.map((s) => s.action)).toEqual(["CreateRoute"]);
  });

  it("claim: ReplaceRoute refused while the route is still there is the refusal (a bad interface)", async () => {
    mock.on(ReplaceRouteCommand).rejects(err("InvalidNetworkInterfaceID.NotFound"));
    mock.on(DescribeRouteTablesCommand).resolves(table(A));
    const error = await claimRoutes(ec2, snapshot(A), B, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ reason: "target-refused" });
    expect(mock.commandCalls(CreateRouteCommand)).toHaveLength(0);
  });

  it("claim-if-unchanged: CreateRoute answered RouteAlreadyExists by someone else is a conflict, not a replace", async () => {
    // Prepare: the re-read still shows no route; then someone creates it to C
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table()).resolves(table(C));
    mock.on(CreateRouteCommand).rejects(err("RouteAlreadyExists"));
    // Act
    const result = await claimRoutesIfUnchanged(ec2, snapshot(), B, options());
    // Assess
    expect(result.steps).toEqual([]);
    expect(result.conflicts).toEqual([
      { routeTableId: RTB, current: { networkInterfaceId: C, blackhole: false } },
    ]);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(0);
  });

  it("claim-if-unchanged reads the tables again just before acting", async () => {
    mock.on(DescribeRouteTablesCommand).resolves(table(C));
    const result = await claimRoutesIfUnchanged(ec2, snapshot(A), B, options());
    expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(1);
    expect(result.conflicts.map((c) => c.routeTableId)).toEqual([RTB]);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(0);
  });

  it("a throttled ReplaceRoute is retried inside the deadline", async () => {
    mock.on(ReplaceRouteCommand).rejectsOnce(err("RequestLimitExceeded", 503)).resolves({});
    const result = await claimRoutes(ec2, snapshot(A), B, options());
    expect(result.steps).toHaveLength(1);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(2);
  });

  it("a ReplaceRoute that stays throttled gives up at the deadline with reason throttled", async () => {
    mock.on(ReplaceRouteCommand).rejects(err("RequestLimitExceeded", 503));
    const error = await claimRoutes(ec2, snapshot(A), B, {
      deadline: deadlineIn(600),
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ reason: "throttled" });
  });

  it("a malformed target interface is refused before any call", async () => {
    const error = await claimRoutes(ec2, snapshot(A), "eni-12", options()).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "network interface id malformed: 'eni-12' (expected e.g. eni-0123456789abcdef0)",
    );
    expect(mock.calls()).toHaveLength(0);
  });
});

describe("route claims: what is thrown, what is reported", () => {
  beforeEach(() => mock.reset());

  it.each([
    ["CreateRoute", "UnauthorizedOperation", 403, "permission", undefined],
    ["CreateRoute", "InvalidParameterValue", 400, "target-refused", undefined],
    ["ReplaceRoute", "UnauthorizedOperation", 403, "permission", A],
  ] as const)(
    "a %s refused (%s) for another reason is thrown at once, with the step as context, and no re-read",
    async (action, code, status, reason, eni) => {
      // Prepare
      mock.on(CreateRouteCommand).rejects(err(code, status));
      mock.on(ReplaceRouteCommand).rejects(err(code, status));
      // Act
      const error = await claimRoutes(ec2, snapshot(eni), B, options()).catch((e: unknown) => e);
      // Assess
      expect(error).toMatchObject({
        reason,
        context: { action, routeTableId: RTB, destination: D, networkInterfaceId: B },
      });
      expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(0);
    },
  );

  it("each call carries the deadline's abort signal", async () => {
    mock.on(ReplaceRouteCommand).resolves({});
    mock.on(CreateRouteCommand).resolves({});
    await claimRoutes(ec2, snapshot(A), B, options());
    await claimRoutes(ec2, snapshot(), B, options());
    expect((mock.commandCalls(ReplaceRouteCommand)[0]?.args as unknown[] | undefined)?.[1]).toMatchObject({
      abortSignal: expect.any(AbortSignal),
    });
    expect((mock.commandCalls(CreateRouteCommand)[0]?.args as unknown[] | undefined)?.[1]).toMatchObject({
      abortSignal: expect.any(AbortSignal),
    });
  });

  it("a ReplaceRoute refused while the route is still there is not tried again", async () => {
    mock.on(ReplaceRouteCommand).rejects(err("InvalidNetworkInterfaceID.NotFound"));
    mock.on(DescribeRouteTablesCommand).resolves(table(A));
    await claimRoutes(ec2, snapshot(A), B, options()).catch(() => undefined);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(1);
  });

  it("claim: a route that vanished and now points here (someone else's claim) is unchanged, and a claim has no conflicts", async () => {
    mock.on(ReplaceRouteCommand).rejects(err("InvalidParameterValue"));
    mock.on(DescribeRouteTablesCommand).resolves(table(B));
    const result = await claimRoutes(ec2, snapshot(A), B, options());
    expect(result).toStrictEqual({ destination: D, steps: [], unchanged: [RTB], conflicts: [] });
  });

  it("claim-if-unchanged: a route that vanished under ReplaceRoute is a conflict naming what was observed", async () => {
    // Prepare: the re-read before acting still shows A; ReplaceRoute finds no route; the table now has none
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table(A)).resolves(table());
    mock.on(ReplaceRouteCommand).rejects(err("InvalidParameterValue"));
    // Act
    const result = await claimRoutesIfUnchanged(ec2, snapshot(A), B, options());
    // Assess
    expect(result).toStrictEqual({
      destination: D,
      steps: [],
      unchanged: [],
      conflicts: [{ routeTableId: RTB, observed: { networkInterfaceId: A, blackhole: false } }],
    });
    expect(mock.commandCalls(CreateRouteCommand)).toHaveLength(0);
  });

  it("claim-if-unchanged: a table already pointing here is unchanged", async () => {
    mock.on(DescribeRouteTablesCommand).resolves(table(B));
    const result = await claimRoutesIfUnchanged(ec2, snapshot(A), B, options());
    expect(result).toStrictEqual({ destination: D, steps: [], unchanged: [RTB], conflicts: [] });
  });
});

describe("route claims while EC2's reads lag its writes", () => {
  beforeEach(() => mock.reset());
  /** Options over a clock that moves only when the claim sleeps, and the sleeps seen. */
  const lagging = (lagBoundMs = 3_000) => {
    let now = 1_000_000;
    const slept: number[] = [];
    return {
      options: {
        deadline: deadlineIn(10_000, () => now),
        lagBoundMs,
        sleep: async (ms: number) => {
          slept.push(ms);
          now += ms;
        },
      },
      slept,
    };
  };

  it("CreateRoute refused as existing while a read still shows no route: read again after the bound, pointing here → done, no false conflict", async () => {
    // Prepare: the re-read before acting and the first one after the refusal lag; the truth is B
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table()).resolvesOnce(table()).resolves(table(B));
    mock.on(CreateRouteCommand).rejects(err("RouteAlreadyExists"));
    const time = lagging();
    // Act
    const result = await claimRoutesIfUnchanged(ec2, snapshot(), B, time.options);
    // Assess
    expect(result.conflicts).toEqual([]);
    expect(result.steps).toHaveLength(1);
    expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(3);
    expect(time.slept).toEqual([3_000]);
  });

  it("ReplaceRoute finds no route while a read still shows one: read again after the bound → a conflict, not a configuration error", async () => {
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table(A)).resolvesOnce(table(A)).resolves(table());
    mock.on(ReplaceRouteCommand).rejects(err("InvalidParameterValue"));
    const time = lagging();
    const result = await claimRoutesIfUnchanged(ec2, snapshot(A), B, time.options);
    expect(result.conflicts).toEqual([
      { routeTableId: RTB, observed: { networkInterfaceId: A, blackhole: false } },
    ]);
    expect(time.slept).toEqual([3_000]);
  });

  it("with exact reads assumed (bound 0) the same lagging read is believed: the refusal is thrown", async () => {
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table(A)).resolvesOnce(table(A)).resolves(table());
    mock.on(ReplaceRouteCommand).rejects(err("InvalidParameterValue"));
    const time = lagging(0);
    const error = await claimRoutesIfUnchanged(ec2, snapshot(A), B, time.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(2);
  });

  it("a read that agrees with the refusal costs no wait: RouteAlreadyExists and a route elsewhere is a conflict at once", async () => {
    mock.on(DescribeRouteTablesCommand).resolvesOnce(table()).resolves(table(C));
    mock.on(CreateRouteCommand).rejects(err("RouteAlreadyExists"));
    const time = lagging();
    const result = await claimRoutesIfUnchanged(ec2, snapshot(), B, time.options);
    expect(result.conflicts).toEqual([
      { routeTableId: RTB, current: { networkInterfaceId: C, blackhole: false } },
    ]);
    expect(time.slept).toEqual([]);
  });
});
