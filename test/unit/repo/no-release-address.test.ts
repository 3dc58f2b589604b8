import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// An Elastic IP that is released is gone for good (its public IP goes back to AWS's pool). No code path of
// this project may ever do that, so no source may even name the call.
const ROOTS = ["core", "agent", "functions", "sim", "scripts", "bench"];
const FORBIDDEN = /ReleaseAddress|release-address|releaseAddress/;

function sources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.([cm]?[tj]s|sh|ya?ml|json)$/.test(name) ? [path] : [];
  });
}

describe("no code path releases an Elastic IP", () => {
  const files = [...ROOTS.flatMap(sources), "serverless.yml"].filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });

  it("scans the sources (and finds some)", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("no source names ReleaseAddress", () => {
    const offenders = files.filter((f) => FORBIDDEN.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the scanner would catch it", () => {
    expect(FORBIDDEN.test("ec2.send(new ReleaseAddressCommand({}))")).toBe(true);
    expect(FORBIDDEN.test("aws ec2 release-address --allocation-id x")).toBe(true);
  });
});
