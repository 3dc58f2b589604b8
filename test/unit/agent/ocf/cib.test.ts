import { describe, expect, it } from "vitest";
import { cibTargetRole, type ReadProgram } from "../../../../agent/ocf/cib.ts";

describe("cibTargetRole: the resource's target-role from the CIB (Pacemaker does not pass it to a stop)", () => {
  it("asks crm_resource for the effective meta attribute of the resource, a clone instance's suffix dropped", async () => {
    // Prepare
    const asked: (readonly string[])[] = [];
    const run: ReadProgram = async (file, args) => {
      asked.push([file, ...args]);
      return "Stopped\n";
    };
    // Act
    const role = await cibTargetRole("vip:1", run);
    // Assess
    expect(role).toBe("Stopped");
    expect(asked).toEqual([
      ["crm_resource", "--resource", "vip", "--meta", "--get-parameter", "target-role", "--quiet"],
    ]);
  });

  it.each([
    ["no CIB, crm_resource missing, or late", undefined],
    ["not set (an empty answer)", "\n"],
  ])("%s: undefined", async (_, out) => {
    expect(await cibTargetRole("vip", async () => out)).toBeUndefined();
  });
});
