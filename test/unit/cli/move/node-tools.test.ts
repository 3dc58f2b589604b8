import { describe, expect, it } from "vitest";
import { must } from "../../../../cli/move/node-tools.ts";

describe("move: a node tool that fails", () => {
  it.each([
    [
      { code: 1, stdout: "", stderr: "crm_resource: no such resource\nmore" },
      "crm_resource: no such resource",
    ],
    // crm_mon --output-as=xml writes its errors into the XML on stdout
    [
      {
        code: 102,
        stdout:
          "<errors><error>error: launcher</error><error>crm_mon: Connection to cluster failed</error></errors>",
        stderr: "",
      },
      "crm_mon: Connection to cluster failed",
    ],
    [{ code: 2, stdout: "", stderr: "" }, "(no message)"],
  ])("throws one line naming the command, its exit code and its message (%#)", async (ran, message) => {
    await expect(must(async () => ran, ["crm_mon", "-1"])).rejects.toThrow(
      `crm_mon -1 exited ${ran.code}: ${message}`,
    );
  });
});
