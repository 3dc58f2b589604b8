import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));

describe("the built agents and the operator's command say package.json's version", () => {
  it.each([
    ["eip", ["dist/agent/eip", "--version"]],
    ["route", ["dist/agent/route", "--version"]],
    ["eip-failover", ["cli/eip-failover.mjs", "--version"]],
  ])("%s --version prints it alone, exit 0, nothing on stderr", async (_name, args) => {
    const { stdout, stderr } = await run(process.execPath, args);
    expect(stdout).toBe(`${version}\n`);
    expect(stderr).toBe("");
  });

  it.each([
    ["eip", "dist/agent/eip"],
    ["route", "dist/agent/route"],
  ])("%s meta-data carries it", async (name, file) => {
    const { stdout } = await run(process.execPath, [file, "meta-data"]);
    expect(stdout).toContain(`<resource-agent name="${name}" version="${version}">`);
  });
});
