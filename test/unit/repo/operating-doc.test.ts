import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../cli/commands.ts";
import { Scenarios } from "../../../cli/drill/types.ts";

// docs/operating.md is the operator's reference: it names every command the CLI has and every drill scenario,
// so a command or a scenario added to the code without its line in the page fails here.
describe("docs/operating.md names what the CLI offers", () => {
  const page = readFileSync("docs/operating.md", "utf8");
  const drill = page.split("\n## The drill\n")[1]?.split("\n## ")[0] ?? "";

  it("has a row in the command table for every command", () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(3);
    for (const { name } of COMMANDS) expect(page).toMatch(new RegExp(`^\\| \`${name}[ \`]`, "m"));
  });

  it("names every drill scenario in its drill section", () => {
    expect(drill).not.toBe("");
    for (const scenario of Scenarios) expect(drill).toContain(`\`${scenario}\``);
  });
});
