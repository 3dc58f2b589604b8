// `npm run bench:mutation [-- STRYKER-ARGS]`: StrykerJS's mutation score of the decision code (issue 18), as
// a per-file Markdown table for bench/RESULTS.md. It runs under this Node (the project's, >= 24; Stryker 10
// needs >= 22), niced: the machine is shared. Extra arguments go to `stryker run`, e.g.
// `-- --mutate core/classify.ts --incremental` while working on one file.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const CONFIG = "bench/mutation/stryker.config.mjs";
const REPORT = ".tmp/mutation/mutation.json";

/** Stryker's JSON report, the part read here (mutation-testing-report-schema). */
interface Report {
  readonly files: Record<string, { readonly mutants: readonly { readonly status: string }[] }>;
}

/** One row: counts by status, and the score over valid mutants (killed + timeout over all valid). */
function row(name: string, statuses: readonly string[]): string {
  const n = (s: string) => statuses.filter((x) => x === s).length;
  const [killed, timeout, survived, noCoverage] = [n("Killed"), n("Timeout"), n("Survived"), n("NoCoverage")];
  const valid = killed + timeout + survived + noCoverage;
  const score = valid ? ((100 * (killed + timeout)) / valid).toFixed(1) : "–";
  return `| ${name} | ${score} % | ${killed} | ${timeout} | ${survived} | ${noCoverage} |`;
}

rmSync(REPORT, { force: true }); // a run that fails early must not print the last run's table
const started = performance.now();
const stryker = spawnSync(
  "nice",
  [
    "-n",
    "10",
    process.execPath,
    "node_modules/@stryker-mutator/core/bin/stryker.js",
    "run",
    CONFIG,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
const minutes = (performance.now() - started) / 60_000;

if (!existsSync(REPORT)) {
  console.error(`\nStryker wrote no report (exit ${stryker.status}) after ${minutes.toFixed(1)} min.`);
  process.exit(stryker.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, "utf8")) as Report;
const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
const all = files.flatMap(([, f]) => f.mutants.map((m) => m.status));
console.log(`\nStryker took ${minutes.toFixed(1)} min (exit ${stryker.status}).\n`);
console.log("| file | score | killed | timeout | survived | no coverage |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
console.log(row("**all**", all));
for (const [name, f] of files)
  console.log(
    row(
      name,
      f.mutants.map((m) => m.status),
    ),
  );
process.exit(stryker.status ?? 1);
