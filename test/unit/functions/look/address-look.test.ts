import { describe, expect, it } from "vitest";
import type { AddressSnapshot } from "../../../../core/types.ts";
import { firstLook } from "../../../../functions/look/address-look.ts";
import type { Failure } from "../../../../functions/types.ts";

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
