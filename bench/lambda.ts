// `npm run bench:lambda`: the Lambda bundle's size and the handler module's cold load time (import of the
// built file in a fresh Node process, median of N), as the nodejs24.x runtime would pay it on a cold start.
import { execFileSync, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const BUNDLE = join(ROOT, "dist/functions/failover.mjs");
const RUNS = Number(process.argv[2] ?? 15);

execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "ignore" });
const bytes = statSync(BUNDLE).size;
const probe = `const t = performance.now(); await import(${JSON.stringify(`file://${BUNDLE}`)}); console.log(performance.now() - t);`;
const env = {
  PATH: process.env.PATH ?? "",
  AWS_REGION: "ap-northeast-1",
};
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`import failed: ${out.stderr}`);
  times.push(Number(out.stdout.trim()));
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
console.log(`| bundle | ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes) | target ≤ 1 MiB |`);
console.log(
  `| handler module load (import, median of ${RUNS} fresh processes) | ${median.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)}) | target ≤ 150 ms |`,
);
