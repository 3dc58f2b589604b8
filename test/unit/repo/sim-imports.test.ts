import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isUnder, relativeImports } from "../../support/imports.ts";
import { sourceFiles } from "../../support/sources.ts";

// The fake region stands in for AWS and nothing else: it must know nothing of the product it is used to test,
// core included (STYLE 14: a second picture of AWS, so a wrong belief in core cannot hide behind the same
// belief in the sim). test/unit/repo/sim-core-tables.test.ts keeps the two pictures' tables alike.
const PRODUCT = ["core", "agent", "functions", "cli"];

/** The product files a file's relative imports reach, as "folder/…" paths from the root. Pure. */
function productImports(file: string, text: string): string[] {
  return relativeImports(file, text).filter((target) => PRODUCT.some((room) => isUnder(target, room)));
}

describe("sim/ imports nothing of the product", () => {
  const files = sourceFiles("sim", /\.[cm]?[tj]s$/);

  it("scans the sim's sources (and finds some)", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("no file under sim/ imports from core/, agent/, functions/ or cli/", () => {
    const offenders = files.flatMap((f) =>
      productImports(f, readFileSync(f, "utf8")).map((target) => `${f} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ['import { createFailover } from "../../functions/index.ts";', ["functions/index.ts"]],
    ['import type { Cluster } from "../../functions/cluster-schema.ts";', ["functions/cluster-schema.ts"]],
    ['export { runAgent } from "../../agent/run.ts";', ["agent/run.ts"]],
    ['const m = await import("../../cli/drill/run.ts");', ["cli/drill/run.ts"]],
    ['const s = require("../../functions/stack/x.cjs");', ["functions/stack/x.cjs"]],
    ['import { createEc2Client } from "../../core/index.ts";', ["core/index.ts"]],
    ['export { CLUSTER_TAG_KEY } from "../../core/tags.ts";', ["core/tags.ts"]],
    ['import { DOWN_STATES } from "../../core/instance-states.ts";', ["core/instance-states.ts"]],
    ['import { x } from "../../coreutils/x.ts";', []],
    ['import type { Region } from "../region.ts";', []],
    ['import { simEnv } from "./clients.ts";', []],
    ['import { EC2Client } from "@aws-sdk/client-ec2";', []],
  ])("the scanner reads %s as %j", (text, expected) => {
    expect(productImports("sim/nested/x.ts", text)).toEqual(expected);
  });
});
