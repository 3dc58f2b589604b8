import { describe, expect, it } from "vitest";
import { transitionTime } from "../../../functions/fleet.ts";

describe("transitionTime: EC2's StateTransitionReason as a time", () => {
  it.each([
    ["User initiated (2026-11-30 04:24:27 GMT)", Date.parse("2026-11-30T04:24:27Z")],
    ["User initiated (2026-11-30 04:24:27 UTC)", Date.parse("2026-11-30T04:24:27Z")],
    ["", undefined],
    [undefined, undefined],
    ["Server.InternalError", undefined],
  ])("%s → %s", (reason, expected) => {
    expect(transitionTime(reason)).toBe(expected);
  });
});
