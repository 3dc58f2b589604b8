// `npm run bench:agent:instructions [-- --runs N]`: instructions per agent process (valgrind's callgrind), the
// load-independent measure of where a probe's and a recurring monitor's start goes (bench/RESULTS.md, issue 26).
// The packaged executable of the amd64 .deb (`npm run package:agent`) and its runtime's `-e 0`, against the sim
// in this process; each process runs under valgrind, ~50 times slower, with its HA_RSCTMP warm (identity and
// code caches written by uncounted runs first) and its output on pipes.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { eipAgentEnv } from "../cli/harness/index.ts";
import type { NodeName } from "../sim/constants.ts";
import { startRegion } from "../sim/region.ts";
import { PACKAGED_RUNTIME, packagedAgent } from "./agent/packaged.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "2" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs ${values.runs}: expected a whole number of runs, 1 or more`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "eip-instructions-"));
const region = await startRegion({});
try {
  region.proxy.settle();
  const agent = packagedAgent(join(dir, "pkg"), "eip");
  const env = (node: NodeName, extra: Record<string, string> = {}) => ({
    ...eipAgentEnv(region, node, region.topology.eip.allocationId, join(dir, `rsctmp-${node}`)),
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...extra,
  });
  let n = 0;
  /** Millions of instructions `file args` ran (under callgrind), or undefined when run plainly (warming). */
  const count = (file: string, args: string[], e: Record<string, string>, counted = true) =>
    new Promise<number | undefined>((resolve, reject) => {
      const out = join(dir, `callgrind.${n++}`);
      const [cmd, argv] = counted
        ? ["valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, file, ...args]]
        : [file, args];
      // stdout and stderr are pipes, as pacemaker-execd gives them (a pipe's stream costs more than a file's).
      const child = spawn(cmd, argv as string[], { env: e, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.resume();
      child.stderr.resume();
      child.on("error", reject);
      child.on("close", () => {
        if (!counted) return resolve(undefined);
        const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(out, "utf8"))?.[1];
        resolve(total ? Number(total) / 1e6 : Number.NaN);
      });
    });
  const rows: [string, string[], Record<string, string>][] = [
    ["meta-data", ["meta-data"], env("B")],
    [
      "monitor, recurring (A holds it: IMDSv2 only)",
      ["monitor"],
      env("A", { OCF_RESKEY_CRM_meta_interval: "10000" }),
    ],
    ["monitor, probe (held on A, run on B: one DescribeAddresses)", ["monitor"], env("B")],
    [
      "monitor, probe (held here, api_lag=0: one DescribeAddresses)",
      ["monitor"],
      env("A", { OCF_RESKEY_api_lag: "0" }),
    ],
  ];
  for (const [, args, e] of rows) for (let i = 0; i < 2; i++) await count(agent, args, e, false);
  const results = new Map<string, number[]>();
  const add = (label: string, m: number | undefined) =>
    results.set(label, [...(results.get(label) ?? []), m ?? Number.NaN]);
  for (let r = 0; r < runs; r++) {
    add("the runtime's `-e 0`", await count(PACKAGED_RUNTIME, ["-e", "0"], { PATH: process.env.PATH ?? "" }));
    for (const [label, args, e] of rows) add(label, await count(agent, args, e));
  }
  console.log(`Instructions per process, millions (callgrind; ${runs} runs each, in run order):`);
  for (const [label, ms] of results) console.log(`  ${label}: ${ms.map((m) => m.toFixed(1)).join(" / ")} M`);
} catch (error) {
  console.error(`bench:agent:instructions: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await region.stop();
  rmSync(dir, { recursive: true, force: true });
}
