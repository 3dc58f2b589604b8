import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// README keeps the two commands (issue 24: the front door), and .ci/run runs the README's test command verbatim:
// this keeps the three saying the same thing as README moves its guides to docs/.
describe("README's two commands", () => {
  const readme = readFileSync("README.md", "utf8");
  const block = /## Two commands[^\n]*\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const commands = block
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean);

  it("are `npm ci && npm start` and `npm ci && npm test`, in README's first sh block", () => {
    expect(commands).toEqual(["npm ci && npm start", "npm ci && npm test"]);
  });

  it(".ci/run runs the README's test command verbatim, as a line of its own", () => {
    const ci = readFileSync(".ci/run", "utf8").split("\n");
    expect(ci).toContain(commands[1]);
  });

  it("npm start is the drill and npm test runs every suite", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe("node cli/eip-failover.mjs drill");
    for (const project of ["unit", "integration", "e2e"])
      expect(scripts.test).toContain(`--project ${project}`);
    expect(scripts.test).toContain("npm run lint");
    expect(scripts.test).toContain("npm run typecheck");
  });
});
