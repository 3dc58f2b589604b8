// One Node-free executable per architecture: Node.js's official build for that CPU with both agents injected as
// a single executable application (SEA). The agents, as the build leaves them for this (dist/agent-sea: the
// executables of dist/agent with their halves in files of their own), become functions of one main script; the
// name the executable is run by (argv[0], which Pacemaker sets to the agent's path) picks one.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENTS } from "./targets.mjs";

// Node's documented fuse: the runtime looks for a blob only when this string ends in :1 (postject flips it).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * The one main script, each agent's executable as a function chosen by the program's name, and the assets it
 * reads: each agent's network and SDK halves go in as SEA assets (`eip-run`, `eip-sdk`, …), not as strings of the
 * main script, so a start parses and keeps only the light half it runs, and a half is read when it is loaded.
 * `parts` is where scripts/build/agent.mjs left each agent in those pieces (SEA_PARTS); returns the asset files.
 */
export function multiCallMain(parts) {
  const assets = {};
  const agents = AGENTS.map((name) => {
    for (const half of ["run", "sdk"]) assets[`${name}-${half}`] = join(parts, `${name}-${half}.cjs`);
    const text = readFileSync(join(parts, `${name}.cjs`), "utf8").replace(/^#!.*\n/, "");
    return `  ${JSON.stringify(name)}: function () {\n${text}\n  },`;
  });
  const main = `// eip-failover's OCF agents in one executable (scripts/agent-package/): run as ${AGENTS.join(" or ")}.
const AGENTS = {
${agents.join("\n")}
};
const name = process.getBuiltinModule("node:path").basename(process.argv[1] || "");
if (Object.hasOwn(AGENTS, name)) AGENTS[name]();
else {
  const prefix = process.env.OCF_EXIT_REASON_PREFIX || "ocf-exit-reason:";
  process.stderr.write(prefix + "eip-failover agents: run as ${AGENTS.join(" or ")} (a link by that name), not '" + name + "'\\n");
  process.exit(5); // OCF_ERR_INSTALLED
}
`;
  return { main, assets };
}

const run = (file, args, what) => {
  const r = spawnSync(file, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
};

/**
 * Writes the executable for `target` to `out`. The blob is prepared by the builder's own runtime (the same Node
 * version); V8's code cache goes in only when the target is the builder's CPU, since a cache made on one CPU
 * must not be loaded on another (Node's SEA documentation).
 */
export function buildExecutable({ target, modules, mainFile, assets, work, out }) {
  const builder = join(modules, `node-linux-${process.arch}`, "bin/node");
  const runtime = join(modules, `node-linux-${target.node}`, "bin/node");
  const config = join(work, `sea-${target.node}.json`);
  const blob = join(work, `sea-${target.node}.blob`);
  const useCodeCache = target.node === process.arch;
  writeFileSync(
    config,
    JSON.stringify({
      main: mainFile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache,
      assets,
    }),
  );
  run(builder, ["--experimental-sea-config", config], "node --experimental-sea-config");
  copyFileSync(runtime, out);
  // In a process of its own: LIEF, inside postject, warns about Node's many ELF notes on stderr each time.
  const cli = join(modules, "postject/dist/cli.js");
  run(process.execPath, [cli, out, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE], "postject");
  checkWellFormed(out, target);
  return { useCodeCache };
}

/** The file is an ELF executable for the target's CPU, its fuse is set and it carries the blob. */
export function checkWellFormed(file, target) {
  const header = run("readelf", ["-h", file], "readelf -h");
  if (!new RegExp(`Machine:\\s+.*${target.elf}`).test(header))
    throw new Error(`${file}: not an ${target.elf} executable:\n${header}`);
  const bytes = readFileSync(file);
  if (!bytes.includes(`${FUSE}:1`)) throw new Error(`${file}: SEA fuse not set (postject did not inject)`);
  if (!bytes.includes("eip-failover's OCF agents in one executable"))
    throw new Error(`${file}: the agents' main script is not in the binary`);
}
