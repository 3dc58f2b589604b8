import { describe, expect, it } from "vitest";
import { type ActionContext, start } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { migrateFrom, migrateTo } from "../../../../agent/eip/migrate.ts";
import { monitor } from "../../../../agent/eip/monitor.ts";
import { type AddressWritten, isAddressWritten } from "../../../../agent/eip/own-association.ts";
import { stop } from "../../../../agent/eip/stop.ts";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { OcfExit, type Outcome } from "../../../../agent/ocf/exit.ts";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";
import { memoryWritten } from "../../../../agent/ocf/written.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { ALLOC, DISABLED, type FakeTime, fakeTime, onA, onSelf, self } from "./fixtures.ts";
import { type LaggingAddress, laggingAddress } from "./lagging-ec2.ts";

// Pacemaker's live migration of the eip resource, as it runs it: migrate_to on the source, migrate_from on the
// target, stop on the source. Reads lag every change by 3 s (the sim's worst case) at the default api_lag (5 s);
// the clock moves only when the agent sleeps.

const LAG_MS = 3_000;
const API_LAG_MS = 5_000;
const IP = onSelf.PublicIp;
const MIGRATION = {
  OCF_RESKEY_CRM_meta_migrate_source: "node-b",
  OCF_RESKEY_CRM_meta_migrate_target: "node-a",
};
const PROBE = { OCF_RESKEY_CRM_meta_interval: "0" };
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
/** The target's association, as its migrate_from's AssociateAddress made it. */
const onTarget = { ...onA, AssociationId: "eipassoc-0aaaaaaaaaaaaaaa7" };
const MUTATING = /^(Associate|Disassociate)Address/;

/** IMDSv2 on this node, still showing the address (it lags behind the target's association). */
const imdsShows = async (): Promise<ImdsSession> => {
  const find = async (path: string) => (path.endsWith("/public-ipv4s") ? IP : undefined);
  return { find, get: async (path) => (await find(path)) ?? "" };
};

/** This node (B): its HA_RSCTMP record survives between actions, as it does between processes. */
function node(world: LaggingAddress, time: FakeTime, written = memoryWritten<AddressWritten>()) {
  const run =
    (action: (ctx: ActionContext) => Promise<Outcome>) =>
    (env: Record<string, string> = {}, deadlineMs?: number) => {
      const config = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env });
      return action({
        ec2: world.ec2,
        config,
        identity: self,
        deadline: deadlineIn(deadlineMs ?? budgetMs(config.timeoutMs), time.now),
        imds: imdsShows,
        publicIps: { get: async () => IP, put: async () => undefined },
        written,
        time,
      });
    };
  return {
    start: run(start),
    stop: run(stop),
    monitor: run(monitor),
    migrateTo: run(migrateTo),
    migrateFrom: run(migrateFrom),
    written,
  };
}

/** This node holds the address by its own start a minute ago; then migrate_to hands it over to A. */
async function handedOver() {
  const time = fakeTime();
  const world = laggingAddress(time, LAG_MS, onA);
  const b = node(world, time);
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(60_000);
  const mine = world.truth().AssociationId;
  const calls = world.calls().length;
  const handed = await b.migrateTo(MIGRATION);
  return { time, world, b, mine, handed, calls };
}

describe("eip migrate_to on the source", () => {
  it("makes no EC2 call at all and remembers the association it handed over, and to whom", async () => {
    // Prepare + Act
    const { world, b, mine, handed, calls } = await handedOver();
    // Assess
    expect(handed).toEqual({
      code: OcfExit.SUCCESS,
      note: `${ALLOC} handed over to node-a: ${mine} stays until migrate_from there replaces it in one call (no call here)`,
    });
    expect(world.calls().slice(calls)).toEqual([]);
    expect(await b.written.get()).toMatchObject({
      allocationId: ALLOC,
      associationId: mine,
      stopped: true,
      handedOver: true,
      handedTo: "node-a",
    });
  });

  it("without a start of its own to trust, names the association one read shows here (a read changes nothing)", async () => {
    // Prepare
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onSelf);
    const b = node(world, time);
    // Act
    const outcome = await b.migrateTo(MIGRATION);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls()).toEqual(["DescribeAddresses"]);
    expect((await b.written.get())?.associationId).toBe(onSelf.AssociationId);
  });

  it("names no association when the read shows the address elsewhere", async () => {
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onA);
    const b = node(world, time);
    await b.migrateTo({ OCF_RESKEY_CRM_meta_migrate_target: "node-a" });
    expect(await b.written.get()).toMatchObject({ associationId: "", handedTo: "node-a" });
  });
});

describe("the source's stop after the migration", () => {
  it("makes no call at all and keeps the handover as it is", async () => {
    // Prepare
    const { time, world, b, mine } = await handedOver();
    world.takenBy(onTarget);
    time.advance(100);
    const calls = world.calls().length;
    const before = await b.written.get();
    // Act
    const outcome = await b.stop(MIGRATION);
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${ALLOC} already handed over to node-a: ${mine} stays until another node's start replaces it (no call)`,
    });
    expect(world.calls().slice(calls)).toEqual([]);
    expect(await b.written.get()).toEqual(before);
  });

  // A disabled resource's stop (target-role Stopped) would release what is here; after a migrate_to it still makes
  // no call while the read falls under the handover.
  it.each([
    ["a read still shows its own association here (it lags behind the target's)", 100, "a read still shows"],
    ["the read shows the target holding it", LAG_MS + 100, "holds it"],
  ])("disabled, %s: no mutating call, success, the handover kept", async (_, after, says) => {
    // Prepare
    const { time, world, b, mine } = await handedOver();
    world.takenBy(onTarget);
    time.advance(after);
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop({ ...MIGRATION, ...DISABLED });
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toContain(says);
    expect("note" in outcome && outcome.note).toContain("nothing to release (no call)");
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
    expect(world.truth()).toEqual(onTarget);
    expect(await b.written.get()).toMatchObject({ associationId: mine, handedTo: "node-a" });
  });

  it("disabled, after api_lag, releases a newer association here as any stop does: someone moved the address back since", async () => {
    // Prepare
    const { time, world, b } = await handedOver();
    const back = { ...onSelf, AssociationId: "eipassoc-0bbbbbbbbbbbbbbb9" };
    world.takenBy(back);
    time.advance(API_LAG_MS + 100);
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop(DISABLED);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual([
      "DescribeAddresses",
      `DisassociateAddress ${back.AssociationId}`,
    ]);
  });

  it("disabled, inside api_lag, a read showing an older association here (the one before its own start) is not believed: no call", async () => {
    // Prepare: the address was on this node by an association its start replaced a moment before the handover
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onSelf);
    const b = node(world, time);
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    time.advance(500);
    expect((await b.migrateTo(MIGRATION)).code).toBe(OcfExit.SUCCESS);
    world.takenBy(onTarget);
    time.advance(500);
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop({ ...MIGRATION, ...DISABLED });
    // Assess
    expect("note" in outcome && outcome.note).toContain(`a read still shows ${onSelf.AssociationId} here`);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
    expect(world.truth()).toEqual(onTarget);
  });
});

describe("a probe or monitor on the source after the migration", () => {
  it("a probe while a read still shows the handed-over association here: 7 from that one read, no wait", async () => {
    // Prepare
    const { time, world, b } = await handedOver();
    world.takenBy(onTarget);
    time.advance(100);
    expect((await b.stop()).code).toBe(OcfExit.SUCCESS);
    const calls = world.calls().length;
    // Act
    const outcome = await b.monitor(PROBE);
    // Assess
    expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
    expect("note" in outcome && outcome.note).toMatch(
      /handed over by this node's migrate_to to node-a \(no call\); a read still shows/,
    );
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
    expect(time.slept).toEqual([]);
  });

  it("a probe with little time left: 7 as well, the handover's answer (never the lagging read's)", async () => {
    const { time, world, b } = await handedOver();
    world.takenBy(onTarget);
    time.advance(100);
    const outcome = await b.monitor(PROBE, 1_000);
    expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
    expect("note" in outcome && outcome.note).toContain("not running here until a start here");
  });

  it("a recurring monitor asks EC2 though IMDSv2 still shows the address here: 7", async () => {
    const { time, world, b } = await handedOver();
    world.takenBy(onTarget);
    time.advance(100);
    const outcome = await b.monitor(RECURRING);
    expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
    expect("note" in outcome && outcome.note).toContain("handed over by this node's migrate_to");
  });

  it("the address moved back to this node since (a newer association): a probe says 0", async () => {
    const { time, world, b } = await handedOver();
    world.takenBy({ ...onSelf, AssociationId: "eipassoc-0bbbbbbbbbbbbbbb9" });
    time.advance(API_LAG_MS + 100);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.SUCCESS);
  });
});

describe("eip migrate_from on the target", () => {
  it("takes the address in exactly one AssociateAddress (it never points nowhere) and remembers it as start does", async () => {
    // Prepare
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onA);
    const b = node(world, time);
    // Act
    const outcome = await b.migrateFrom({ ...MIGRATION, OCF_RESKEY_CRM_meta_migrate_source: "node-a" });
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toMatch(/^migrate_from node-a: 203\.0\.113\.10 moved from /);
    expect(world.calls().filter((c) => MUTATING.test(c))).toEqual(["AssociateAddress"]);
    const made = world.truth().AssociationId;
    expect(await b.written.get()).toEqual({ allocationId: ALLOC, associationId: made, at: time.now() });
  });

  it("replaces this node's own earlier handover record: a probe right after says 0", async () => {
    const { time, world, b } = await handedOver();
    world.takenBy(onTarget);
    time.advance(60_000);
    expect((await b.migrateFrom(MIGRATION)).code).toBe(OcfExit.SUCCESS);
    expect((await b.written.get())?.handedTo).toBeUndefined();
    time.advance(100);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.SUCCESS);
  });
});

describe("the handover record read back from disk", () => {
  it.each([
    [
      {
        allocationId: ALLOC,
        associationId: "eipassoc-1",
        stopped: true,
        handedOver: true,
        handedTo: "node-a",
      },
      true,
    ],
    [{ allocationId: ALLOC, associationId: "", stopped: true, handedOver: true, handedTo: "node-a" }, true],
    [{ allocationId: ALLOC, associationId: "eipassoc-1", stopped: true, handedOver: true }, true],
    [{ allocationId: ALLOC, associationId: "eipassoc-1", stopped: true, handedTo: "node-a" }, false],
    [{ allocationId: ALLOC, associationId: "eipassoc-1", handedOver: true }, false],
    [{ allocationId: ALLOC, associationId: "eipassoc-1", handedTo: "node-a" }, false],
    [{ allocationId: ALLOC, associationId: "eipassoc-1", stopped: true, handedTo: 7 }, false],
  ])("%j is a record: %s", (v, valid) => {
    expect(isAddressWritten(v)).toBe(valid);
  });
});

describe("a migration action outside a migration (no node named by Pacemaker)", () => {
  it.each([
    ["migrate_to", "migrateTo", "OCF_RESKEY_CRM_meta_migrate_target missing"],
    ["migrate_from", "migrateFrom", "OCF_RESKEY_CRM_meta_migrate_source missing"],
  ] as const)("%s: 2, one line naming the variable, no call and no record", async (_, action, says) => {
    // Prepare
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onA);
    const b = node(world, time);
    // Act
    const outcome = await b[action]().catch(outcomeOf);
    // Assess
    expect(outcome.code).toBe(OcfExit.ERR_ARGS);
    expect("reason" in outcome && outcome.reason).toMatch(new RegExp(`^${says}: .*allow-migrate=true`));
    expect(world.calls()).toEqual([]);
    expect(await b.written.get()).toBeUndefined();
  });
});
