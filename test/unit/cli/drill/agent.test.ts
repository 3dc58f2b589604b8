import { describe, expect, it } from "vitest";
import { ocfName } from "../../../../cli/drill/agent.ts";

describe("ocfName (from the agent's own table of exit codes)", () => {
  it.each([
    [0, "OCF_SUCCESS"],
    [4, "OCF_ERR_PERM"],
    [6, "OCF_ERR_CONFIGURED"],
    [7, "OCF_NOT_RUNNING"],
    [42, "rc 42"],
  ])("%i → %s", (code, name) => {
    expect(ocfName(code)).toBe(name);
  });
});
