import { describe, expect, it } from "vitest";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { OcfExit, type Outcome } from "../../../../agent/ocf/exit.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { memoryWritten } from "../../../../agent/ocf/written.ts";
import { monitorRoute, type RouteContext, startRoute, stopRoute } from "../../../../agent/route/actions.ts";
import { parseRouteConfig } from "../../../../agent/route/config.ts";
import { migrateFromRoute, migrateToRoute } from "../../../../agent/route/migrate.ts";
import type { RoutesWritten } from "../../../../agent/route/own-routes.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { type FakeTime, fakeTime, self } from "../eip/fixtures.ts";
import { DESTINATION, type LaggingRoutes, laggingRoutes, nodeIp, RTB } from "./lagging-routes.ts";

// Pacemaker's live migration of the route resource: migrate_to on the source, migrate_from on the target, stop on
// the source, with route-table reads that lag every change by 3 s at the default api_lag (5 s).

const LAG_MS = 3_000;
const A = "eni-0aaaaaaaaaaaaaaa1";
const B = self.networkInterfaceId;
const MIGRATION = {
  OCF_RESKEY_CRM_meta_migrate_source: "node-a",
  OCF_RESKEY_CRM_meta_migrate_target: "node-b",
};
const MUTATING = /^(ReplaceRoute|CreateRoute|DeleteRoute)/;

/** This node: its interface and its HA_RSCTMP record survive between actions; `aws` counts its openings. */
function node(world: LaggingRoutes, time: FakeTime, addresses: string[] = []) {
  const ip = nodeIp(addresses);
  const written = memoryWritten<RoutesWritten>();
  let opened = 0;
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
        aws: async () => {
          opened++;
          return { ec2: world.ec2, identity: self };
        },
        written,
        time,
      });
    };
  return {
    start: run(startRoute),
    stop: run(stopRoute),
    monitor: run(monitorRoute),
    migrateTo: run(migrateToRoute),
    migrateFrom: run(migrateFromRoute),
    ip,
    written,
    opened: () => opened,
  };
}

describe("route migrate_from on the target", () => {
  it("points every table here with one ReplaceRoute each, adds the IP, and remembers the routes", async () => {
    // Prepare
    const time = fakeTime();
    const world = laggingRoutes(time, LAG_MS, A);
    const b = node(world, time);
    // Act
    const outcome = await b.migrateFrom(MIGRATION);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toMatch(
      /^migrate_from node-a: 192\.168\.100\.10\/32 routed to /,
    );
    expect(world.calls().filter((c) => MUTATING.test(c))).toEqual(RTB.map((id) => `ReplaceRoute ${id}`));
    expect(world.truth()).toEqual([B, B]);
    expect(b.ip.has()).toBe(true);
    expect(await b.written.get()).toMatchObject({ destination: DESTINATION, networkInterfaceId: B });
  });
});

describe("route migrate_to and the stop after it, on the source", () => {
  it("migrate_to calls nothing, keeps the IP up and forgets its own routes; stop then only takes the IP off", async () => {
    // Prepare: this node (B) routed the IP here a minute ago; A is the migration's target
    const time = fakeTime();
    const world = laggingRoutes(time, LAG_MS, A);
    const b = node(world, time);
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    time.advance(60_000);
    const calls = world.calls().length;
    const opened = b.opened();
    // Act
    const handed = await b.migrateTo({ ...MIGRATION, OCF_RESKEY_CRM_meta_migrate_target: "node-a" });
    const ipAfterHandover = b.ip.has();
    world.takenBy(A);
    time.advance(100);
    const stopped = await b.stop();
    const probe = await b.monitor({ OCF_RESKEY_CRM_meta_interval: "0" });
    // Assess
    expect(handed.code).toBe(OcfExit.SUCCESS);
    expect("note" in handed && handed.note).toContain("handed over to node-a");
    expect(ipAfterHandover).toBe(true);
    expect(stopped.code).toBe(OcfExit.SUCCESS);
    expect(probe.code).toBe(OcfExit.NOT_RUNNING);
    expect(b.opened()).toBe(opened);
    expect(world.calls().slice(calls)).toEqual([]);
    expect(await b.written.get()).toBeUndefined();
  });
});

describe("a route migration action outside a migration (no node named by Pacemaker)", () => {
  it.each([
    ["migrate_to", "migrateTo", "target"],
    ["migrate_from", "migrateFrom", "source"],
  ] as const)(
    "%s: 2 naming the missing variable; no call, the IP and the record untouched",
    async (_, action, role) => {
      // Prepare
      const time = fakeTime();
      const world = laggingRoutes(time, LAG_MS, A);
      const b = node(world, time);
      // Act
      const outcome = await b[action]().catch(outcomeOf);
      // Assess
      expect(outcome.code).toBe(OcfExit.ERR_ARGS);
      expect("reason" in outcome && outcome.reason).toContain(`OCF_RESKEY_CRM_meta_migrate_${role} missing`);
      expect(world.calls()).toEqual([]);
      expect(b.ip.has()).toBe(false);
    },
  );
});
