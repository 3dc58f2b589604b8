import { describe, expect, it } from "vitest";
import {
  DETACHING_STATES,
  DOWN_STATES,
  detachesAddresses,
  InstanceStates,
  isDown,
} from "../../../core/instance-states.ts";

describe("instance states", () => {
  it.each([
    ["pending", false, false],
    ["running", false, false],
    ["stopping", true, false],
    ["stopped", true, false],
    ["shutting-down", true, true],
    ["terminated", true, true],
  ] as const)("%s: down %s, detaches its addresses %s", (state, down, detaches) => {
    expect(isDown(state)).toBe(down);
    expect(detachesAddresses(state)).toBe(detaches);
  });

  it("every state EC2 names is judged above; unknown and absent states are neither", () => {
    expect([...InstanceStates].sort()).toEqual(
      ["pending", "running", "shutting-down", "stopped", "stopping", "terminated"].sort(),
    );
    expect(isDown(undefined)).toBe(false);
    expect(isDown("rebooting")).toBe(false);
    expect(detachesAddresses(undefined)).toBe(false);
  });

  it("the detaching states are down states", () => {
    for (const s of DETACHING_STATES) expect(DOWN_STATES).toContain(s);
  });
});
