import { describe, expect, it } from "vitest";
import { flagFrom } from "../../../functions/settings.ts";

describe("flagFrom: yes/no settings from the environment", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    [" yes ", true],
    ["false", false],
    ["0", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (value, expected) => {
    expect(flagFrom("DRY_RUN", value)).toBe(expected);
  });

  it("refuses anything else, naming the variable, the value and what would be valid", () => {
    expect(() => flagFrom("DRY_RUN", "y")).toThrow(
      "DRY_RUN='y' is not a yes/no value: use one of true, 1, yes",
    );
  });
});
