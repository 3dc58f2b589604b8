import { describe, expect, it } from "vitest";
import { OcfExit } from "../../../../agent/ocf/exit.ts";
import { outcomeOf } from "../../../../agent/ocf/outcome.ts";

describe("outcomeOf: what is not core's error is a bug, marked as such", () => {
  it.each([
    [new TypeError("x is undefined"), "unexpected: x is undefined"],
    ["a thrown string", "unexpected: a thrown string"],
    [undefined, "unexpected: undefined"],
  ])("%o → 1, '%s'", (thrown, reason) => {
    expect(outcomeOf(thrown)).toEqual({ code: OcfExit.ERR_GENERIC, reason });
  });
});
