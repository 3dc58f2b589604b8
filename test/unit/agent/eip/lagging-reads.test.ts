import { describe, expect, it } from "vitest";
import { type ActionContext, start } from "../../../../agent/eip/actions.ts";
import { parseConfig } from "../../../../agent/eip/config.ts";
import { monitor } from "../../../../agent/eip/monitor.ts";
import type { AddressWritten } from "../../../../agent/eip/own-association.ts";
import { stop } from "../../../../agent/eip/stop.ts";
import { budgetMs } from "../../../../agent/ocf/config.ts";
import { ImdsError } from "../../../../agent/ocf/errors.ts";
import { OcfExit, type Outcome } from "../../../../agent/ocf/exit.ts";
import type { ImdsSession } from "../../../../agent/ocf/imds.ts";
import { memoryWritten } from "../../../../agent/ocf/written.ts";
import { deadlineIn } from "../../../../core/deadline.ts";
import { ALLOC, type FakeTime, fakeTime, onA, onSelf, self, unassociated } from "./fixtures.ts";
import { type LaggingAddress, laggingAddress } from "./lagging-ec2.ts";

// The eip agent against an EC2 whose reads lag every change by 3 s (the sim's worst case) and an IMDSv2 that
// lags as well, at the default api_lag (5 s). The clock moves only when the agent sleeps: no wall time.

const LAG_MS = 3_000;
const API_LAG_MS = 5_000;
const IP = onSelf.PublicIp;
const PROBE = { OCF_RESKEY_CRM_meta_interval: "0" };
const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };
const elsewhere = { ...onA, AssociationId: "eipassoc-0aaaaaaaaaaaaaaa9" };

type ImdsState = "shows" | "lags" | "down";

/** Pacemaker's stop of a disabled resource: it gives the address back (handover.ts). */
const DISABLED = { OCF_RESKEY_CRM_meta_target_role: "Stopped" };

/** This node's IMDSv2 showing the address, still not showing it (it lags), or not answering. */
const imds = (state: ImdsState) => async (): Promise<ImdsSession> => {
  if (state === "down") throw new ImdsError("PUT /latest/api/token: socket hang up");
  const list = state === "shows" ? `198.51.100.1\n${IP}` : "198.51.100.1";
  const find = async (path: string) => (path.endsWith("/public-ipv4s") ? list : undefined);
  return { find, get: async (path) => (await find(path)) ?? "" };
};

/** Node B (this node): its HA_RSCTMP record survives between actions, as it does between processes. */
function nodeB(world: LaggingAddress, time: FakeTime) {
  const written = memoryWritten<AddressWritten>();
  const run =
    (action: (ctx: ActionContext) => Promise<Outcome>) =>
    (env: Record<string, string> = {}, view: ImdsState = "lags") => {
      const config = parseConfig({ OCF_RESKEY_allocation_id: ALLOC, ...env });
      return action({
        ec2: world.ec2,
        config,
        identity: self,
        deadline: deadlineIn(budgetMs(config.timeoutMs), time.now),
        imds: imds(view),
        publicIps: { get: async () => IP, put: async () => undefined },
        written,
        time,
      });
    };
  // The releasing stop (the resource disabled: target-role Stopped), whose release reads may not show yet; the
  // stop that hands the address over makes no call (handover.test.ts).
  const release = run(stop);
  const stopping = (env: Record<string, string> = {}, view?: ImdsState) =>
    release({ ...DISABLED, ...env }, view);
  return { start: run(start), stop: stopping, monitor: run(monitor), written };
}

/** A world where A holds the address, B is this node, and reads lag; `then` is what happens first. */
async function prepare(
  then: (b: ReturnType<typeof nodeB>, world: LaggingAddress, time: FakeTime) => Promise<void>,
) {
  const time = fakeTime();
  const world = laggingAddress(time, LAG_MS, onA);
  const b = nodeB(world, time);
  await then(b, world, time);
  return { b, world, time };
}

/** B took the address with its own start, 100 ms ago. */
const startedJustNow = async (b: ReturnType<typeof nodeB>, _: LaggingAddress, time: FakeTime) => {
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(100);
};
/** B took it a minute ago; then A took it, 100 ms ago (a crash failover B did not see yet). */
const lostJustNow = async (b: ReturnType<typeof nodeB>, world: LaggingAddress, time: FakeTime) => {
  expect((await b.start()).code).toBe(OcfExit.SUCCESS);
  time.advance(60_000);
  world.takenBy(elsewhere);
  time.advance(100);
};

describe("the eip agent while EC2 and IMDS lag (issue: a failover must not undo itself)", () => {
  it.each([
    ["the first recurring monitor after a successful start", startedJustNow, RECURRING, "lags", 0],
    ["… while IMDSv2 does not answer", startedJustNow, RECURRING, "down", 0],
    [
      "… with monapi, IMDSv2 showing it",
      startedJustNow,
      { ...RECURRING, OCF_RESKEY_monapi: "true" },
      "shows",
      0,
    ],
    ["a probe right after the node's own start", startedJustNow, PROBE, "lags", 0],
    ["a probe on the node that has just lost the address", lostJustNow, PROBE, "lags", 7],
  ] as const)("%s: %i, after one wait until the lag bound has passed", async (_, then, env, view, code) => {
    // Prepare
    const { b, time } = await prepare(then);
    const before = time.slept.length;
    // Act
    const outcome = await b.monitor(env, view);
    // Assess
    expect(outcome.code).toBe(code);
    expect("note" in outcome && outcome.note).toContain("confirmed by a second read");
    expect(time.slept.slice(before)).toHaveLength(1);
  });

  it("the first monitor waits only until its own change is api_lag old, then reads once more", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    const calls = world.calls().length;
    const outcome = await b.monitor(RECURRING);
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(time.slept).toEqual([API_LAG_MS - 100]);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses", "DescribeAddresses"]);
  });

  it("a stop inside the window never detaches the new holder: its stale association id fails safely", async () => {
    // Prepare
    const { b, world } = await prepare(lostJustNow);
    const mine = (await b.written.get())?.associationId;
    const calls = world.calls().length;
    // Act
    const outcome = await b.stop();
    // Assess
    expect(outcome).toEqual({
      code: OcfExit.SUCCESS,
      note: `${IP}: ${mine} already gone (the read that showed it here lagged); nothing to release`,
    });
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses", `DisassociateAddress ${mine}`]);
    expect(world.truth()).toEqual(elsewhere);
    expect(await b.written.get()).toBeUndefined();
  });

  it("a healthy holder's recurring monitor, long after its start, never fails because a read lagged", async () => {
    // Prepare: the address left B for 10 s and came back (someone else's moves); IMDS shows it, EC2 not yet
    const { b, world, time } = await prepare(async (node, w, t) => {
      await node.start();
      t.advance(60_000);
      w.takenBy(elsewhere);
      t.advance(10_000);
      w.takenBy({ ...onSelf, AssociationId: "eipassoc-0bbbbbbbbbbbbbbb9" });
      t.advance(100);
    });
    // Act
    const outcome = await b.monitor({ ...RECURRING, OCF_RESKEY_monapi: "true" }, "shows");
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(time.slept).toEqual([API_LAG_MS]);
    expect(world.truth().InstanceId).toBe(self.instanceId);
  });
});

describe("no sleep when reads agree, and what a read past the bound means", () => {
  it("start sleeps never and makes one AssociateAddress; a monitor IMDS answers makes no EC2 call", async () => {
    const { b, world, time } = await prepare(async () => undefined);
    expect((await b.start()).code).toBe(OcfExit.SUCCESS);
    expect((await b.monitor(RECURRING, "shows")).code).toBe(OcfExit.SUCCESS);
    expect(time.slept).toEqual([]);
    expect(world.calls()).toEqual(["DescribeAddresses", "AssociateAddress"]);
  });

  it("once the lag has passed, a read that says elsewhere stands: 7 with no wait", async () => {
    const { b, time } = await prepare(lostJustNow);
    time.advance(API_LAG_MS);
    expect((await b.monitor(RECURRING)).code).toBe(OcfExit.NOT_RUNNING);
    expect(time.slept).toEqual([]);
  });

  it("in doubt without time to confirm: 0, saying it was not confirmed (never 7 in doubt)", async () => {
    // Prepare: a 4 s monitor timeout leaves 3.5 s, less than the 4.9 s to wait
    const { b, world, time } = await prepare(startedJustNow);
    const calls = world.calls().length;
    // Act
    const outcome = await b.monitor({ ...RECURRING, OCF_RESKEY_CRM_meta_timeout: "4000" });
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toMatch(
      /^203\.0\.113\.10 taken as on this node, the read said instance i-0aaaaaaaaaaaaaaa1 .*\(this node's own change 100 ms before the read is inside api_lag 5 s\); no time to confirm \(4900 ms to wait, 3500 ms left before the timeout\)/,
    );
    expect(time.slept).toEqual([]);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
  });

  it("a lag longer than api_lag still misleads one monitor (the bound's limit)", async () => {
    const time = fakeTime();
    const world = laggingAddress(time, API_LAG_MS + 3_000, onA);
    const b = nodeB(world, time);
    await b.start();
    time.advance(100);
    expect((await b.monitor(RECURRING)).code).toBe(OcfExit.NOT_RUNNING);
  });

  it("api_lag 0 takes reads as exact: one read, no wait, even right after a start", async () => {
    const { b, world, time } = await prepare(startedJustNow);
    const calls = world.calls().length;
    expect((await b.monitor({ ...PROBE, OCF_RESKEY_api_lag: "0" })).code).toBe(OcfExit.NOT_RUNNING);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses"]);
    expect(time.slept).toEqual([]);
  });
});

describe("start and stop know what this node wrote", () => {
  it("start inside the window after this node's own stop associates again, though a read shows it here", async () => {
    // Prepare: B held it (its own start, a minute ago), then stopped 100 ms ago
    const { b, world } = await prepare(async (node, _w, t) => {
      await node.start();
      t.advance(60_000);
      await node.stop();
      t.advance(100);
    });
    // Act
    const outcome = await b.start();
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect("note" in outcome && outcome.note).toContain("moved from this node again (a read showed it here");
    expect(world.truth().InstanceId).toBe(self.instanceId);
    expect(world.calls().filter((c) => c === "AssociateAddress")).toHaveLength(2);
  });

  it("start associates again even when a read shows this node's own association: someone may have removed it since", async () => {
    // Prepare: B's own start, a minute ago; another actor disassociated it 100 ms ago, which reads do not show yet
    const { b, world, time } = await prepare(async (node, w, t) => {
      await node.start();
      t.advance(60_000);
      w.takenBy(unassociated);
      t.advance(100);
    });
    const calls = world.calls().length;
    // Act
    const outcome = await b.start();
    // Assess
    expect(outcome.code).toBe(OcfExit.SUCCESS);
    expect(world.calls().slice(calls)).toEqual(["DescribeAddresses", "AssociateAddress"]);
    expect(world.truth().InstanceId).toBe(self.instanceId);
    expect(time.slept).toEqual([]);
  });

  it("stop right after start disassociates this node's own association by its id, though the read does not show it", async () => {
    const { b, world } = await prepare(startedJustNow);
    const mine = world.truth().AssociationId;
    const outcome = await b.stop();
    expect("note" in outcome && outcome.note).toBe(
      `${IP} not on this node (instance ${onA.InstanceId} (${onA.NetworkInterfaceId}, ${onA.PrivateIpAddress})); nothing to release; its own ${mine}, 100 ms old, which the read may not show yet: released`,
    );
    expect(world.truth().AssociationId).toBeUndefined();
  });

  it.each([
    ["a probe", PROBE, "lags"],
    ["a recurring monitor, IMDSv2 still showing it (ocf-tester runs one)", RECURRING, "shows"],
  ] as const)(
    "after stop, %s says not running even while EC2 still shows the association here",
    async (_, env, view) => {
      // Prepare: B held it (its own start, a minute ago), then stopped 100 ms ago
      const { b, world, time } = await prepare(async (node, _w, t) => {
        await node.start();
        t.advance(60_000);
        await node.stop();
        t.advance(100);
      });
      expect(world.truth().AssociationId).toBeUndefined();
      // Act
      const outcome = await b.monitor(env, view);
      // Assess
      expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
      expect(time.slept).toEqual([API_LAG_MS - 100]);
    },
  );

  it("after stop, without time to confirm, this node's own release is the answer: 7", async () => {
    const { b } = await prepare(async (node, _w, t) => {
      await node.start();
      t.advance(60_000);
      await node.stop();
      t.advance(100);
    });
    const outcome = await b.monitor({ ...PROBE, OCF_RESKEY_CRM_meta_timeout: "4000" });
    expect(outcome.code).toBe(OcfExit.NOT_RUNNING);
    expect("note" in outcome && outcome.note).toMatch(
      /^203\.0\.113\.10 taken as not on this node, released by its own stop; the read said here \(this node's own release 100 ms before the read is inside api_lag 5 s\); no time to confirm/,
    );
  });

  it("stop remembers what it released; a second stop keeps that record, so a monitor still says 7", async () => {
    const { b, world, time } = await prepare(async (node, _w, t) => {
      await node.start();
      t.advance(60_000);
    });
    const mine = world.truth().AssociationId;
    await b.stop();
    expect(await b.written.get()).toEqual({
      allocationId: ALLOC,
      associationId: mine,
      stopped: true,
      at: time.now(),
    });
    time.advance(100);
    await b.stop();
    expect((await b.written.get())?.at).toBe(time.now() - 100);
    expect((await b.monitor(RECURRING, "shows")).code).toBe(OcfExit.NOT_RUNNING);
  });

  it("stop forgets the start's association when the address was already gone", async () => {
    const { b } = await prepare(lostJustNow);
    await b.stop();
    expect(await b.written.get()).toBeUndefined();
  });
});
