import { describe, expect, it } from "vitest";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { OcfExit, type Outcome } from "../../../../agent/ocf/exit.ts";
import { memoryWritten } from "../../../../agent/ocf/written.ts";
import { monitorRoute, type RouteContext, startRoute, stopRoute } from "../../../../agent/route/actions.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import type { RoutesWritten } from "../../../../agent/route/own-routes.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { type FakeTime, fakeTime, self } from "../eip/fixtures.ts";
import { DESTINATION, type LaggingRoutes, laggingRoutes, nodeIp, RTB } from "./lagging-routes.ts";

// The route agent against route tables whose reads lag every change by 3 s (the sim's worst case), at the
// default api_lag (5 s). The clock moves only when the agent sleeps: no wall time.

const LAG_MS = 3_000;
const API_LAG_MS = 5_000;
const A = "eni-0aaaaaaaaaaaaaaa1";
const B = self.networkInterfaceId;
const PROBE = { OCF_RESKEY_CRM_meta_interval: "0" };
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
const MONAPI = { ...RECURRING, OCF_RESKEY_monapi: "true" };

/** Node B (this node): its interface and its HA_RSCTMP record survive between actions. */
function nodeB(world: LaggingRoutes, time: FakeTime) {
  const ip = nodeIp();
  const written = memoryWritten<RoutesWritten>();
  const run =
    (action: (ctx: RouteContext) => Promise<Outcome>) =>
    (env: Record<string, string> = {}) => {
      const config = parseRouteConfig({
        OCF_RESKEY_ip: DESTINATION,
        OCF_RESKEY_routing_table: RTB.join(","),
        ...env,
      });
      return action({
        config,
        deadline: deadlineIn(budgetMs(config.timeoutMs), time.now),
        ip: ip.run,
        aws: async () => ({ ec2: world.ec2, identity: self }),
        written,
        time,
      });
    };
  return { start: run(startRoute), stop: run(stopRoute), monitor: run(monitorRoute), ip, written };
}

type Node = ReturnType<typeof nodeB>;

async function prepare(then: (b: Node, world: LaggingRoutes, time: FakeTime) => Promise<void>) {
  const time = fakeTime();
  const world = laggingRoutes(time, LAG_MS, A);
  const b = nodeB(world, time);
  await then(b, world, time);
  return { b, world, time };
}

/** B routed the overlay IP to itself with its own start, 100 ms ago. */
const startedJustNow = async (b: Node, _: LaggingRoutes, time: FakeTime) => {
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(100);
};
/** B routed it a minute ago and never stopped (dropped out unfenced); A's start took the routes 100 ms ago. */
const lostJustNow = async (b: Node, world: LaggingRoutes, time: FakeTime) => {
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(60_000);
  world.takenBy(A);
  time.advance(100);
};

describe("the route agent while route-table reads lag", () => {
  it.each([
    ["the first recurring monitor (monapi) after a successful start", 0, startedJustNow, MONAPI],
    ["a probe right after the node's own start", 0, startedJustNow, PROBE],
    [
      "a probe on the node that has just lost the routes, its IP still up (not running: 1)",
      1,
      lostJustNow,
      PROBE,
    ],
  ] as const)("%s: %i, after one wait until the lag bound has passed", async (_, code, then, env) => {
    // Prepare
    const { b, time } = await prepare(then);
    // Act
    const outcome = await b.monitor(env);
    // Assess
    expect(outcome.code).toBe(code);
    expect("note" in outcome ? outcome.note : outcome.reason).toContain("confirmed by a second read");
    expect(time.slept).toHaveLength(1);
  });

  it("the first recurring monitor without monapi reads no route: 0 from the interface, no wait", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    const calls = world.calls().length;
    expect((await b.monitor(RECURRING)).code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual([]);
    expect(time.slept).toEqual([]);
  });

  it("the first monitor waits only until its own change is api_lag old, then reads once more", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    const calls = world.calls().length;
    expect((await b.monitor(MONAPI)).code).toBe(OcfExit.SUCCESS);
    expect(time.slept).toEqual([API_LAG_MS - 100]);
    expect(world.calls().slice(calls)).toEqual(["DescribeRouteTables", "DescribeRouteTables"]);
  });

  it("a stop inside the window never touches a route: it makes no EC2 call", async () => {
    const { b, world } = await prepare(lostJustNow);
    const calls = world.calls().length;
    expect((await b.stop()).code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual([]);
    expect(world.truth()).toEqual([A, A]);
    expect(b.ip.has()).toBe(false);
    expect(await b.written.get()).toBeUndefined();
  });

  it("a healthy holder's recurring monitor (monapi), long after its start, never fails because a read lagged", async () => {
    // Prepare: the routes left B for 10 s and came back (someone else's moves); reads do not show it yet
    const { b, time } = await prepare(async (node, w, t) => {
      await node.start();
      t.advance(60_000);
      w.takenBy(A);
      t.advance(10_000);
      w.takenBy(B);
      t.advance(100);
    });
    // Act
    const outcome = await b.monitor(MONAPI);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(time.slept).toEqual([API_LAG_MS]);
  });

  it("in doubt without time to confirm: 0, saying it was not confirmed", async () => {
    const { b, time } = await prepare(startedJustNow);
    const outcome = await b.monitor({ ...MONAPI, OCF_RESKEY_CRM_meta_timeout: "4000" });
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toMatch(
      /^192\.168\.100\.10\/32 is on eth0, taken as routed here, the read said elsewhere \(this node's own change 100 ms before the read is inside api_lag 5 s\); no time to confirm/,
    );
    expect(time.slept).toEqual([]);
  });

  it("a probe where the IP is not on the interface: 7 at once, no EC2 call, whatever a read would say", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    await b.stop();
    const calls = world.calls().length;
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.NOT_RUNNING);
    expect(world.calls().slice(calls)).toEqual([]);
    expect(time.slept).toEqual([]);
  });
});

describe("route start knows what this node routed", () => {
  it("start after this node's own stop replaces a route a lagging read shows pointing here", async () => {
    // Prepare: B routed it a minute ago and stopped; A's start took the routes 100 ms ago
    const { b, world } = await prepare(async (node, w, t) => {
      await node.start();
      t.advance(60_000);
      await node.stop();
      w.takenBy(A);
      t.advance(100);
    });
    const calls = world.calls().length;
    // Act
    const outcome = await b.start();
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${DESTINATION} routed to ${B}: ${RTB.map((id) => `${id} (ReplaceRoute, again: a read may lag)`).join(", ")}; added to eth0`,
    });
    expect(world.calls().slice(calls)).toEqual([
      "DescribeRouteTables",
      ...RTB.map((id) => `ReplaceRoute ${id}`),
    ]);
    expect(world.truth()).toEqual([B, B]);
  });

  it("start replaces every table again, even those a read shows pointing here by this node's own start", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    time.advance(API_LAG_MS);
    const calls = world.calls().length;
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual([
      "DescribeRouteTables",
      ...RTB.map((id) => `ReplaceRoute ${id}`),
    ]);
  });

  it("start sleeps never: one ReplaceRoute per table that points elsewhere", async () => {
    const { world, time } = await prepare(startedJustNow);
    expect(world.calls()).toEqual(["DescribeRouteTables", ...RTB.map((id) => `ReplaceRoute ${id}`)]);
    expect(time.slept).toEqual([]);
  });
});
