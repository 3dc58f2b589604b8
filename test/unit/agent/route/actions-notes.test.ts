import { DescribeRouteTablesCommand, EC2Client, ReplaceRouteCommand } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import {
  monitorRoute,
  type RouteContext,
  startRoute,
  stopRoute,
  validateRoute,
} from "../../../../agent/route/actions.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import type { IpResult } from "../../../../agent/route/ip.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { self } from "../eip/fixtures.ts";

// What each route action says beside its code (actions.test.ts has the codes and calls): the operator reads
// these notes and reasons in Pacemaker's log. Also the time each `ip` command is given.
const RTB = ["rtb-0000000000000000a", "rtb-0000000000000000b"];
const D = "192.168.100.10/32";
const HERE = self.networkInterfaceId;
const OTHER = "eni-0aaaaaaaaaaaaaaa1";

/** `ip` answering `addr show` with eth0 (this node's primary MAC) holding `held`; `answers` override by prefix. */
function ip(held: string[], answers: Record<string, IpResult> = {}) {
  const calls: { line: string; timeoutMs: number }[] = [];
  const run = async (args: readonly string[], timeoutMs: number): Promise<IpResult> => {
    const line = args.join(" ");
    calls.push({ line, timeoutMs });
    const given = Object.entries(answers).find(([prefix]) => line.startsWith(prefix));
    if (given) return given[1];
    const info = held.map((local) => ({ local }));
    const stdout = line.startsWith("-j")
      ? JSON.stringify([{ address: self.macAddress, addr_info: info }])
      : "";
    return { code: 0, stdout, stderr: "" };
  };
  return { run, calls };
}

const routed = (eni: string | undefined, blackhole = false) => ({
  RouteTables: RTB.map((id) => ({
    RouteTableId: id,
    Routes: eni
      ? [
          {
            DestinationCidrBlock: D,
            NetworkInterfaceId: eni,
            State: blackhole ? ("blackhole" as const) : ("active" as const),
          },
        ]
      : [],
  })),
});

const mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => mock.restore());
const ec2 = new EC2Client({ region: "ap-northeast-1" });

function context(
  run: ReturnType<typeof ip>["run"],
  env: Record<string, string> = {},
  ms = 5_000,
): RouteContext {
  const config = parseRouteConfig({
    OCF_RESKEY_ip: "192.168.100.10",
    OCF_RESKEY_routing_table: RTB.join(","),
    // api_lag 0: exact reads; lagging-reads.test.ts covers the lag bound.
    OCF_RESKEY_api_lag: "0",
    ...env,
  });
  return { config, deadline: deadlineIn(ms), ip: run, aws: async () => ({ ec2, identity: self }) };
}

describe("route agent: what each action says", () => {
  beforeEach(() => mock.reset());

  it("start names the tables it changed and how, the interface, and that it added the IP", async () => {
    // Prepare
    mock.on(DescribeRouteTablesCommand).resolves(routed(OTHER));
    mock.on(ReplaceRouteCommand).resolves({});
    // Act
    const outcome = await startRoute(context(ip([]).run));
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} routed to ${HERE}: ${RTB[0]} (ReplaceRoute), ${RTB[1]} (ReplaceRoute); added to eth0`,
    });
  });

  it("start with everything in place says so, and adds nothing", async () => {
    mock.on(DescribeRouteTablesCommand).resolves(routed(HERE));
    const outcome = await startRoute(context(ip(["192.168.100.10"]).run));
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} routed to ${HERE} already; already on eth0`,
    });
  });

  it("stop: what it removed, or why there was nothing to remove", async () => {
    expect(await stopRoute(context(ip(["192.168.100.10"]).run))).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} removed from eth0; routes left as they are`,
    });
    expect(await stopRoute(context(ip([]).run))).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} not on eth0; nothing to remove`,
    });
    const gone = ip([], {
      "-j": { code: 1, stdout: "", stderr: "no such device" },
      "-o": { code: 0, stdout: "1: lo: x\n", stderr: "" },
    });
    expect(await stopRoute(context(gone.run))).toEqual({
      code: OcfExit.SUCCESS,
      note: "interface not found on this node: 'eth0' (its interfaces: lo); nothing to remove",
    });
  });

  it("stop: an `ip` that fails on an interface that exists is the failure, not a success", async () => {
    // Prepare: addr show fails though eth0 is listed
    const broken = ip([], {
      "-j": { code: 1, stdout: "", stderr: "Cannot talk to rtnetlink" },
      "-o": { code: 0, stdout: "2: eth0: <UP>\n", stderr: "" },
    });
    // Act
    const stopped = stopRoute(context(broken.run));
    // Assess
    await expect(stopped).rejects.toThrow("Cannot talk to rtnetlink");
  });

  it("monitor: not running names the IP and interface; a recurring monitor without monapi says it did not read routes", async () => {
    expect(await monitorRoute(context(ip([]).run))).toEqual({
      code: OcfExit.NOT_RUNNING,
      note: `${D} is not on eth0`,
    });
    expect(
      await monitorRoute(context(ip(["192.168.100.10"]).run, { OCF_RESKEY_CRM_meta_interval: "10000" })),
    ).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} is on eth0 (routes not read: monapi false)`,
    });
    expect(mock.calls()).toHaveLength(0);
  });

  it("a probe: routed here in every table, or 1 naming each table that routes elsewhere (a blackhole too)", async () => {
    // Prepare
    mock.on(DescribeRouteTablesCommand).resolvesOnce(routed(HERE)).resolvesOnce(routed(HERE, true));
    // Act
    const good = await monitorRoute(context(ip(["192.168.100.10"]).run));
    const bad = await monitorRoute(context(ip(["192.168.100.10"]).run));
    // Assess
    expect(good).toEqual({
      code: OcfExit.SUCCESS,
      note: `${D} is on eth0 and routed to ${HERE} in 2 table(s)`,
    });
    expect(bad).toEqual({
      code: OcfExit.ERR_GENERIC,
      reason: `${D} is on eth0, but ${RTB[0]} routes it to network interface ${HERE} (blackhole); ${RTB[1]} routes it to network interface ${HERE} (blackhole), not to ${HERE}`,
    });
  });

  it("a probe whose EC2 call fails transiently fails too: only a recurring monitor may skip the route check", async () => {
    // Prepare
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "RequestLimitExceeded",
      $metadata: { httpStatusCode: 503 },
    });
    mock.on(DescribeRouteTablesCommand).rejects(throttled);
    // Act
    const probe = monitorRoute(context(ip(["192.168.100.10"]).run, { OCF_RESKEY_monapi: "true" }, 400));
    // Assess
    await expect(probe).rejects.toMatchObject({ reason: "throttled" });
  });

  it("a recurring monitor with monapi does not hide a permission error", async () => {
    const denied = Object.assign(new Error("not authorized"), {
      name: "UnauthorizedOperation",
      $metadata: { httpStatusCode: 403 },
    });
    mock.on(DescribeRouteTablesCommand).rejects(denied);
    const env = { OCF_RESKEY_monapi: "true", OCF_RESKEY_CRM_meta_interval: "10000" };
    await expect(monitorRoute(context(ip(["192.168.100.10"]).run, env))).rejects.toMatchObject({
      reason: "permission",
    });
  });

  it("validate-all: the interface and the number of tables found", async () => {
    mock.on(DescribeRouteTablesCommand).resolves(routed(undefined));
    expect(await validateRoute(context(ip([]).run))).toEqual({
      code: OcfExit.SUCCESS,
      note: "eth0 exists; 2 route table(s) found",
    });
  });

  it("each `ip` command gets at most 5 s, and at least 100 ms however little the deadline leaves", async () => {
    // Prepare
    const plenty = ip(["192.168.100.10"]);
    const spent = ip(["192.168.100.10"]);
    // Act
    await stopRoute(context(plenty.run, {}, 60_000));
    await stopRoute(context(spent.run, {}, -1_000));
    // Assess
    expect(plenty.calls.map((c) => c.timeoutMs)).toEqual([5_000, 5_000]);
    expect(spent.calls.map((c) => c.timeoutMs)).toEqual([100, 100]);
  });
});
