import { describe, expect, it } from "vitest";
import type { AddressSnapshot, MemberHealth } from "../../../core/types.ts";
import type { Cluster } from "../../../functions/cluster-schema.ts";
import { clustersOf, type Failure, firstLook, needsFencing, stillFailed } from "../../../functions/decide.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const free: AddressSnapshot = { allocationId: ALLOC, publicIp: "203.0.113.10", domain: "vpc" };
const on = (instanceId: string): AddressSnapshot => ({
  ...free,
  association: { associationId: "eipassoc-0aaaaaaaaaaaaaaa1", instanceId },
});
const failure = (cause: Failure["cause"], detail: string): Failure => ({
  instanceId: A,
  cause,
  detail,
  at: 0,
});
const health = (state: MemberHealth["state"], statusOk: boolean): MemberHealth => ({
  instanceId: A,
  state,
  availabilityZone: "ap-northeast-1a",
  statusOk,
});

describe("firstLook: what to do about one address once the failed instance is known", () => {
  it.each([
    [on(A), failure("state-change", "stopped"), { action: "wait-then-move" }],
    [on(A), failure("alarm", "web-A-status"), { action: "wait-then-move" }],
    [free, failure("state-change", "terminated"), { action: "move-orphan" }],
    [free, failure("state-change", "shutting-down"), { action: "move-orphan" }],
  ])("%j on %j → %j", (snapshot, f, look) => {
    expect(firstLook(snapshot, f)).toEqual(look);
  });

  it.each([
    [failure("state-change", "stopped")],
    [failure("state-change", "stopping")],
    // an alarm's detail is its name: even one that reads like a detaching state does not detach anything
    [failure("alarm", "terminated")],
  ])("an unassociated address on %j is left alone, saying why", (f) => {
    expect(firstLook(free, f)).toEqual({
      action: "skip",
      reason: `${ALLOC} is associated with nothing, and ${A} (${f.detail}) did not detach it: left for Pacemaker or an operator`,
    });
  });

  it("an address on another member is already handled; with a grace window, most likely by Pacemaker", () => {
    // Act
    const plain = firstLook(on(B), failure("state-change", "stopped"));
    const graced = firstLook(on(B), failure("state-change", "stopped"), 30);
    // Assess
    const held = `${ALLOC} is held by instance ${B}, not the failed ${A}: already handled`;
    expect(plain).toEqual({ action: "skip", reason: held });
    expect(graced).toEqual({
      action: "skip",
      reason: `${held} (Pacemaker moved it within the grace period, or someone since)`,
    });
  });

  it("an association on an interface with no instance is not the failed instance's", () => {
    const onEni: AddressSnapshot = {
      ...free,
      association: { associationId: "eipassoc-1", networkInterfaceId: "eni-0aaaaaaaaaaaaaaa1" },
    };
    expect(firstLook(onEni, failure("state-change", "stopped")).action).toBe("skip");
  });
});

describe("stillFailed: a late or replayed event about a node that has recovered", () => {
  it.each([
    // state-change: started again (pending or running) is recovered, whatever the checks say yet
    ["state-change", "pending", false, false],
    ["state-change", "running", false, false],
    ["state-change", "stopped", true, true],
    ["state-change", "stopping", false, true],
    // alarm: recovered only when running with both checks ok
    ["alarm", "running", true, false],
    ["alarm", "running", false, true],
    ["alarm", "pending", true, true],
  ] as const)("%s, now %s (checks ok: %s) → failed %s", (cause, state, ok, failed) => {
    expect(stillFailed(failure(cause, "x"), health(state, ok)).failed).toBe(failed);
  });

  it("EC2 no longer reporting the instance means it is gone: still failed", () => {
    expect(stillFailed(failure("alarm", "x"), undefined)).toEqual({ failed: true });
  });

  it("says what it is now, and whether the checks pass", () => {
    expect(stillFailed(failure("alarm", "web-A-status"), health("running", true))).toEqual({
      failed: false,
      reason: `${A} has recovered since the event (web-A-status): now running, status checks ok`,
    });
    expect(stillFailed(failure("state-change", "stopped"), health("pending", false))).toEqual({
      failed: false,
      reason: `${A} has recovered since the event (stopped): now pending`,
    });
  });
});

describe("clustersOf and needsFencing", () => {
  const web = { name: "web", members: [{ instanceId: A }, { instanceId: B }] } as Cluster;
  const db = { name: "db", members: [{ instanceId: B }] } as Cluster;

  it("finds every cluster the failed instance is a member of, and none it is not", () => {
    expect(clustersOf([web, db], A)).toEqual([web]);
    expect(clustersOf([web, db], B)).toEqual([web, db]);
    expect(clustersOf([web, db], "i-0ccccccccccccccc1")).toEqual([]);
  });

  it.each([
    ["stop", "running", true],
    ["stop", undefined, true],
    ["stop", "pending", true],
    ["stop", "stopping", false],
    ["stop", "terminated", false],
    ["none", "running", false],
  ] as const)("fencing %s, failed node %s → %s", (fencing, state, needed) => {
    expect(needsFencing(fencing, state)).toBe(needed);
  });
});
