import { describe, expect, it } from "vitest";
import { type ActionContext, start } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { releaseReason } from "../../../../agent/eip/handover.ts";
import { monitor } from "../../../../agent/eip/monitor.ts";
import { type AddressWritten, underHandover } from "../../../../agent/eip/own-association.ts";
import { stop } from "../../../../agent/eip/stop.ts";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { OcfExit, type Outcome } from "../../../../agent/ocf/exit.ts";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import { memoryWritten } from "../../../../agent/ocf/written.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { ALLOC, DISABLED, type FakeTime, fakeTime, onA, onSelf, self } from "./fixtures.ts";
import { type LaggingAddress, laggingAddress } from "./lagging-ec2.ts";

// A stop that is not a stop everywhere (a move without migration, a standby, the recovery of a resource active on
// two nodes) hands the address over: no call, a mark under HA_RSCTMP, and 7 from this node until a start here. Reads
// lag every change by 3 s at the default api_lag (5 s); the clock moves only when the agent sleeps.

const LAG_MS = 3_000;
const API_LAG_MS = 5_000;
const IP = onSelf.PublicIp;
const PROBE = { OCF_RESKEY_CRM_meta_interval: "0" };
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
const MUTATING = /^(Associate|Disassociate)Address/;

describe("releaseReason: whether a stop gives the address back", () => {
  it.each([
    [{}, undefined],
    [{ targetRole: "Started" }, undefined],
    [{ targetRole: "Stopped" }, "target-role Stopped"],
    [{ targetRole: "stopped" }, "target-role Stopped"],
    [{ targetRole: "STOPPED" }, "target-role Stopped"],
    [{ releaseOnStop: true }, "release_on_stop=true"],
    [{ releaseOnStop: true, targetRole: "Started" }, "release_on_stop=true"],
  ] as const)("%j: %s", (config, why) => {
    const reason = releaseReason(config);
    if (why === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(why);
  });

  it.each([
    [{ OCF_RESKEY_release_on_stop: "true" }, { releaseOnStop: true }],
    [{ OCF_RESKEY_release_on_stop: "yes" }, { releaseOnStop: true }],
    [{ OCF_RESKEY_release_on_stop: "false" }, {}],
    [{ OCF_RESKEY_CRM_meta_target_role: "Stopped" }, { targetRole: "Stopped" }],
  ])("parses %j", (env, expected) => {
    const config = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env });
    expect({ releaseOnStop: config.releaseOnStop, targetRole: config.targetRole }).toEqual({
      releaseOnStop: undefined,
      targetRole: undefined,
      ...expected,
    });
  });

  it("refuses a release_on_stop that is no boolean, naming it", () => {
    expect(() =>
      parseConfig({ OCF_RESKEY_allocation_id: ALLOC, OCF_RESKEY_release_on_stop: "maybe" }),
    ).toThrow(/release_on_stop malformed: 'maybe'/);
  });
});

describe("underHandover (pure)", () => {
  const mark = {
    allocationId: ALLOC,
    associationId: onSelf.AssociationId,
    stopped: true,
    handedOver: true,
  } as const;
  const self_ = { kind: "instance", instanceId: self.instanceId } as const;
  const newer = { ...onSelf, AssociationId: "eipassoc-0ccccccccccccccc9" };
  const snapshotOf = (e: typeof onSelf | typeof onA) => ({
    allocationId: ALLOC,
    publicIp: IP,
    domain: "vpc" as const,
    association: { associationId: e.AssociationId, instanceId: e.InstanceId },
  });
  it.each([
    ["the kept association still here, long after", snapshotOf(onSelf), 60_000, true],
    ["the address elsewhere", snapshotOf(onA), 60_000, true],
    ["a newer association here inside api_lag (the read may lag)", snapshotOf(newer), 1_000, true],
    ["a newer association here after api_lag: someone moved it back", snapshotOf(newer), 60_000, false],
  ])("%s: %s", (_, snapshot, after, under) => {
    expect(underHandover({ ...mark, at: 0 }, snapshot, self_, after, API_LAG_MS)).toBe(under);
  });

  it("no mark, no handover: a start's record or a stop's release", () => {
    const snapshot = snapshotOf(onSelf);
    expect(underHandover(undefined, snapshot, self_, 0, API_LAG_MS)).toBe(false);
    const released = {
      allocationId: ALLOC,
      associationId: onSelf.AssociationId,
      stopped: true,
      at: 0,
    } as const;
    expect(underHandover(released, snapshot, self_, 1, API_LAG_MS)).toBe(false);
  });
});

/** IMDSv2 on this node, showing the address (nothing was detached). */
const imdsShows = async (): Promise<ImdsSession> => {
  const find = async (path: string) => (path.endsWith("/public-ipv4s") ? IP : undefined);
  return { find, get: async (path) => (await find(path)) ?? "" };
};

/** This node: its HA_RSCTMP record survives between actions, as it does between processes (not a reboot). */
function node(
  world: LaggingAddress,
  time: FakeTime,
  written = memoryWritten<AddressWritten>(),
  cib?: string,
) {
  const run =
    (action: (ctx: ActionContext) => Promise<Outcome>) =>
    (env: Record<string, string> = {}) => {
      const config = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env });
      return action({
        ec2: world.ec2,
        config,
        identity: self,
        deadline: deadlineIn(budgetMs(config.timeoutMs), time.now),
        imds: imdsShows,
        publicIps: { get: async () => IP, put: async () => undefined },
        written,
        targetRole: async () => cib,
        time,
      });
    };
  return { start: run(start), stop: run(stop), monitor: run(monitor), written };
}

/** This node took the address with its own start a minute ago. */
async function holding() {
  const time = fakeTime();
  const world = laggingAddress(time, LAG_MS, onA);
  const b = node(world, time);
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(60_000);
  return { time, world, b, mine: world.truth().AssociationId };
}

describe("stop, when the resource is not being stopped everywhere", () => {
  it("makes no call at all, leaves the association, and marks the handover", async () => {
    // Prepare
    const { world, b, mine } = await holding();
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop();
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${ALLOC} handed over to the next start: ${mine} stays until a start, on any node, replaces it in one call (no call here)`,
    });
    expect(world.calls().slice(calls)).toEqual([]);
    expect(world.truth().AssociationId).toBe(mine);
    expect(await b.written.get()).toMatchObject({ associationId: mine, stopped: true, handedOver: true });
    expect(await b.written.get()).not.toHaveProperty("handedTo");
  });

  it("without a start of its own to trust, names the association one read shows here; a second stop makes no call", async () => {
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onSelf);
    const b = node(world, time);
    expect((await b.stop()).code).toBe(OcfExit.SUCCESS);
    expect(world.calls()).toEqual(["DescribeAddresses"]);
    expect((await b.written.get())?.associationId).toBe(onSelf.AssociationId);
    time.advance(1_000);
    expect((await b.stop()).code).toBe(OcfExit.SUCCESS);
    expect(world.calls()).toEqual(["DescribeAddresses"]);
  });

  it.each([
    ["a probe", PROBE],
    ["a recurring monitor (IMDSv2 shows it here; ocf-tester runs one)", RECURRING],
  ])(
    "then %s says 7 while EC2 and IMDSv2 still show the address here, with one read and no wait",
    async (_, env) => {
      // Prepare
      const { time, world, b } = await holding();
      await b.stop();
      time.advance(60_000);
      const calls = world.calls().length;
      // Act
      const outcome = await b.monitor(env);
      // Assess
      expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
      expect("note" in outcome && outcome.note).toContain("handed over by this node's stop (no call)");
      expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
      expect(time.slept).toEqual([]);
    },
  );

  it("another node's start takes it in one AssociateAddress: never nowhere; this node still says 7", async () => {
    const { time, world, b } = await holding();
    await b.stop();
    world.takenBy({ ...onA, AssociationId: "eipassoc-0aaaaaaaaaaaaaaa7" });
    time.advance(100);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.NOT_RUNNING);
    expect(world.calls().filter((c) => MUTATING.test(c))).toEqual(["AssociateAddress"]);
  });

  it("a start here clears the mark (one AssociateAddress, as always): the monitor says 0 again", async () => {
    const { time, world, b } = await holding();
    await b.stop();
    time.advance(1_000);
    const calls = world.calls().length;
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses", "AssociateAddress"]);
    expect((await b.written.get())?.handedOver).toBeUndefined();
    time.advance(60_000);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.SUCCESS);
  });

  it("a reboot clears HA_RSCTMP: a probe then finds the address here, 0 after its second read", async () => {
    const { time, world, b } = await holding();
    await b.stop();
    time.advance(60_000);
    const rebooted = node(world, time);
    expect((await rebooted.monitor(PROBE)).code).toBe(OcfExit.SUCCESS);
  });

  it("someone moved the address back here since (a newer association, after api_lag): a probe says 0", async () => {
    const { time, world, b } = await holding();
    await b.stop();
    world.takenBy({ ...onSelf, AssociationId: "eipassoc-0ccccccccccccccc9" });
    time.advance(API_LAG_MS + 100);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.SUCCESS);
  });
});

describe("stop, when the resource is stopped everywhere or release_on_stop asks", () => {
  it.each([
    ["target-role Stopped (disabled)", DISABLED],
    ["target-role stopped, any case", { OCF_RESKEY_CRM_meta_target_role: "stopped" }],
    ["release_on_stop=true", { OCF_RESKEY_release_on_stop: "true" }],
  ])("%s: disassociates this node's association by its id; the monitor says 7", async (_, env) => {
    // Prepare
    const { time, world, b, mine } = await holding();
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop(env);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses", `DisassociateAddress ${mine}`]);
    expect(world.truth().AssociationId).toBeUndefined();
    time.advance(60_000);
    expect((await b.monitor(PROBE)).code).toBe(OcfExit.NOT_RUNNING);
  });

  it("target-role Stopped in the CIB (Pacemaker passes none to the stop): disassociates, as when passed", async () => {
    // Prepare
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onA);
    const b = node(world, time, memoryWritten<AddressWritten>(), "Stopped");
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    time.advance(60_000);
    const mine = world.truth().AssociationId;
    // Act
    const outcome = await b.stop();
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls().at(-1)).toBe(`DisassociateAddress ${mine}`);
  });

  it("a disabled resource's stop after a handover still releases what this node kept", async () => {
    const { time, world, b, mine } = await holding();
    await b.stop();
    time.advance(60_000);
    expect((await b.stop(DISABLED)).code).toBe(OcfExit.SUCCESS);
    expect(
      world
        .calls()
        .filter((c) => MUTATING.test(c))
        .at(-1),
    ).toBe(`DisassociateAddress ${mine}`);
    expect(await b.written.get()).toMatchObject({ associationId: mine, stopped: true });
    expect((await b.written.get())?.handedOver).toBeUndefined();
  });
});

describe("a recurring monitor asks EC2 only when this node's own record says it gave this address up", () => {
  /** This node with `record` under HA_RSCTMP, written `ago` ms before now, the address here in EC2 and IMDSv2. */
  const withRecord = (
    record: Omit<AddressWritten, "allocationId"> & { allocationId?: string },
    ago: number,
  ) => {
    const time = fakeTime();
    const world = laggingAddress(time, LAG_MS, onSelf);
    const written = memoryWritten<AddressWritten>({ allocationId: ALLOC, ...record, at: time.now() - ago });
    return { world, b: node(world, time, written) };
  };
  const released = { associationId: onSelf.AssociationId, stopped: true } as const;
  const handed = { ...released, handedOver: true } as const;

  it.each([
    ["a start's record (nothing given up)", { associationId: onSelf.AssociationId }, 1_000, RECURRING],
    [
      "another address's handover",
      { ...handed, allocationId: "eipalloc-0ffffffffffffffff" },
      1_000,
      RECURRING,
    ],
    ["its own stop's release, longer than api_lag ago", released, API_LAG_MS + 1, RECURRING],
  ])("%s: IMDSv2 showing it here answers 0, with no EC2 call", async (_, record, ago, env) => {
    // Prepare
    const { world, b } = withRecord(record, ago);
    // Act
    const outcome = await b.monitor(env);
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls()).toEqual([]);
  });

  it.each([
    ["its own stop's release inside api_lag", released, 1_000, "this node's own stop released"],
    ["its own stop's handover", handed, 60_000, "this node's own stop handed"],
    [
      "its own migrate_to's handover",
      { ...handed, handedTo: "nodeA" },
      60_000,
      "this node's own migrate_to to nodeA handed",
    ],
  ])("%s: asks EC2, and says why", async (_, record, ago, why) => {
    // Prepare
    const { world, b } = withRecord(record, ago);
    // Act
    const outcome = await b.monitor(RECURRING);
    // Assess
    expect(world.calls()[0]).toBe("DescribeAddresses");
    expect("note" in outcome && outcome.note).toContain(`asked EC2: ${why}`);
  });

  it("an address named by its public IP: any address's handover here is this one's (the record names no IP)", async () => {
    // Prepare
    const { world, b } = withRecord({ ...handed, allocationId: "eipalloc-0ffffffffffffffff" }, 60_000);
    // Act
    await b.monitor({ ...RECURRING, OCF_RESKEY_allocation_id: "", OCF_RESKEY_elastic_ip: IP });
    // Assess
    expect(world.calls()[0]).toBe("DescribeAddresses");
  });
});
