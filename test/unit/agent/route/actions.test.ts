import {
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  type DescribeRouteTablesCommandOutput,
  EC2Client,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import {
  eniFor,
  monitorRoute,
  type RouteContext,
  startRoute,
  stopRoute,
} from "../../../../agent/route/actions.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import type { IpResult } from "../../../../agent/route/ip.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { self } from "../eip/fixtures.ts";

const RTB = ["rtb-0000000000000000a", "rtb-0000000000000000b"];
const ELSEWHERE = "eni-0aaaaaaaaaaaaaaa1";
const HERE = self.networkInterfaceId;

/** A fake `ip`: eth0 with the primary interface's MAC, holding `addresses`; records every call. */
function fakeIp(addresses: string[], options: { missing?: boolean; fail?: string } = {}) {
  const calls: string[] = [];
  const run = async (args: readonly string[]): Promise<IpResult> => {
    const line = args.join(" ");
    calls.push(line);
    if (options.fail && line.startsWith(options.fail))
      return { code: 2, stdout: "", stderr: "RTNETLINK answers: Operation not permitted" };
    if (line.startsWith("-o link show"))
      return { code: 0, stdout: "1: lo: <LOOPBACK>\n2: eth0@if3: <UP>\n", stderr: "" };
    if (line.startsWith("-j addr show")) {
      if (options.missing) return { code: 1, stdout: "", stderr: 'Device "eth1" does not exist.' };
      const info = addresses.map((a) => ({
        family: a.includes(":") ? "inet6" : "inet",
        local: a,
        prefixlen: 32,
      }));
      return {
        code: 0,
        stdout: JSON.stringify([{ ifname: "eth0", address: self.macAddress, addr_info: info }]),
        stderr: "",
      };
    }
    return { code: 0, stdout: "", stderr: "" };
  };
  return { run, calls };
}

const tables = (eni: string | undefined): DescribeRouteTablesCommandOutput => ({
  RouteTables: RTB.map((id) => ({
    RouteTableId: id,
    Routes: eni
      ? [{ DestinationCidrBlock: "192.168.100.10/32", NetworkInterfaceId: eni, State: "active" as const }]
      : [],
  })),
  $metadata: {},
});

const mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const ec2 = new EC2Client({ region: "ap-northeast-1" });

function context(ip: ReturnType<typeof fakeIp>, extra: Record<string, string> = {}): RouteContext {
  const config = parseRouteConfig({
    OCF_RESKEY_ip: "192.168.100.10",
    OCF_RESKEY_routing_table: RTB.join(","),
    // api_lag 0: exact reads; lagging-reads.test.ts covers the lag bound.
    OCF_RESKEY_api_lag: "0",
    ...extra,
  });
  return { config, deadline: deadlineIn(5_000), ip: ip.run, aws: async () => ({ ec2, identity: self }) };
}

describe("ocf:eip-failover:route actions (ip injected, EC2 mocked)", () => {
  beforeEach(() => mock.reset());

  it("start: replaces the routes that point elsewhere, then adds the IP to the interface", async () => {
    // Prepare
    mock.on(DescribeRouteTablesCommand).resolves(tables(ELSEWHERE));
    mock.on(ReplaceRouteCommand).resolves({});
    const ip = fakeIp([]);
    // Act
    const outcome = await startRoute(context(ip));
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(mock.commandCalls(ReplaceRouteCommand).map((c) => c.args[0].input)).toEqual(
      RTB.map((id) => ({
        RouteTableId: id,
        NetworkInterfaceId: HERE,
        DestinationCidrBlock: "192.168.100.10/32",
      })),
    );
    expect(ip.calls).toContain("addr add 192.168.100.10/32 dev eth0");
  });

  it("start: creates a missing route, and is idempotent (no call, no ip add) when all is in place", async () => {
    mock.on(DescribeRouteTablesCommand).resolvesOnce(tables(undefined)).resolves(tables(HERE));
    mock.on(CreateRouteCommand).resolves({});
    expect((await startRoute(context(fakeIp([])))).code).toBe(0);
    expect(mock.commandCalls(CreateRouteCommand)).toHaveLength(2);
    const ip = fakeIp(["192.168.100.10"]);
    expect((await startRoute(context(ip))).code).toBe(0);
    expect(mock.commandCalls(ReplaceRouteCommand)).toHaveLength(0);
    expect(ip.calls.some((c) => c.startsWith("addr add"))).toBe(false);
  });

  it("start on an interface that does not exist here: 2 (wrong on this node), naming it and the node's interfaces", async () => {
    const error = await startRoute(
      context(fakeIp([], { missing: true }), { OCF_RESKEY_interface: "eth1" }),
    ).catch((e: unknown) => e);
    const outcome = outcomeOf(error);
    expect(outcome).toEqual({
      code: OcfExit.ERR_ARGS,
      reason: "interface not found on this node: 'eth1' (its interfaces: lo, eth0)",
    });
    expect(mock.calls()).toHaveLength(0);
  });

  it("start: a failing ip addr add is 1 with ip's own message", async () => {
    mock.on(DescribeRouteTablesCommand).resolves(tables(HERE));
    const error = await startRoute(context(fakeIp([], { fail: "addr add" }))).catch((e: unknown) => e);
    expect(outcomeOf(error)).toEqual({
      code: OcfExit.ERR_GENERIC,
      reason:
        "ip addr add 192.168.100.10/32 dev eth0 failed (exit 2): RTNETLINK answers: Operation not permitted",
    });
  });

  it("IPv6: the /128 is added with nodad", async () => {
    mock.on(DescribeRouteTablesCommand).resolves({
      RouteTables: RTB.map((id) => ({
        RouteTableId: id,
        Routes: [{ DestinationIpv6CidrBlock: "fd00:ec2::10/128", NetworkInterfaceId: HERE }],
      })),
    });
    const ip = fakeIp([]);
    expect((await startRoute(context(ip, { OCF_RESKEY_ip: "fd00:ec2::10" }))).code).toBe(0);
    expect(ip.calls).toContain("addr add fd00:ec2::10/128 dev eth0 nodad");
  });

  it("stop: removes the IP, makes no AWS call; success when it is not there or the interface is gone", async () => {
    const ip = fakeIp(["192.168.100.10"]);
    expect((await stopRoute(context(ip))).code).toBe(0);
    expect(ip.calls).toContain("addr del 192.168.100.10/32 dev eth0");
    expect((await stopRoute(context(fakeIp([])))).code).toBe(0);
    expect(
      (await stopRoute(context(fakeIp([], { missing: true }), { OCF_RESKEY_interface: "eth1" }))).code,
    ).toBe(0);
    expect(mock.calls()).toHaveLength(0);
  });

  it.each([
    ["probe, IP absent", [], "0", "false", undefined, OcfExit.NOT_RUNNING, 0],
    ["probe, IP here, routes here", ["192.168.100.10"], "0", "false", HERE, OcfExit.SUCCESS, 1],
    ["probe, IP here, routes elsewhere", ["192.168.100.10"], "0", "false", ELSEWHERE, OcfExit.ERR_GENERIC, 1],
    ["recurring, IP here, monapi false", ["192.168.100.10"], "10000", "false", ELSEWHERE, OcfExit.SUCCESS, 0],
    [
      "recurring, IP here, monapi, routes elsewhere",
      ["192.168.100.10"],
      "10000",
      "true",
      ELSEWHERE,
      OcfExit.ERR_GENERIC,
      1,
    ],
    ["recurring, IP absent, monapi, routes here", [], "10000", "true", HERE, OcfExit.NOT_RUNNING, 0],
  ] as const)("monitor, %s: %s", async (_, addresses, interval, monapi, routedTo, code, describeCalls) => {
    // Prepare
    mock.on(DescribeRouteTablesCommand).resolves(tables(routedTo));
    // Act
    const outcome = await monitorRoute(
      context(fakeIp([...addresses]), { OCF_RESKEY_CRM_meta_interval: interval, OCF_RESKEY_monapi: monapi }),
    );
    // Assess
    expect(outcome.code).toBe(code);
    expect(mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(describeCalls);
  });

  it("monitor with monapi: the IP here and EC2 throttled is still 0, saying the check was skipped", async () => {
    mock
      .on(DescribeRouteTablesCommand)
      .rejects(
        Object.assign(new Error("x"), { name: "RequestLimitExceeded", $metadata: { httpStatusCode: 503 } }),
      );
    const ctx = context(fakeIp(["192.168.100.10"]), {
      OCF_RESKEY_CRM_meta_interval: "10000",
      OCF_RESKEY_monapi: "true",
    });
    const outcome = await monitorRoute({ ...ctx, deadline: deadlineIn(400) });
    expect(outcome.code).toBe(0);
    expect("note" in outcome && outcome.note).toMatch(/route check skipped/);
  });

  it("eniFor: the interface with the local MAC, else the primary one", () => {
    expect(eniFor(self, "02:00:00:00:00:0C")).toBe("eni-0bbbbbbbbbbbbbbb2");
    expect(eniFor(self, "aa:bb:cc:dd:ee:ff")).toBe(self.networkInterfaceId);
  });
});
