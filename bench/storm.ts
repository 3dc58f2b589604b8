// `npm run bench:storm`: az-outage at 10, 100 and 1000 clusters against EC2's documented rate limits, in the
// deployed shape (the decisions queue, its MaximumConcurrency, paced containers, grace windows as delayed
// messages), written to bench/results/storm.md. Options: --clusters 10,100,1000 (comma list),
// --concurrency 2 (the queue's MaximumConcurrency; default as deployed), --grace 30 (graceSeconds).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDrill } from "../cli/drill/run.ts";
import { DECISIONS_QUEUE } from "../functions/index.ts";
import { stormReport } from "./storm/report.ts";
import { meetsTargets, type StormRow, stormRow, stormTable } from "./storm/table.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = parseArgs({
  options: {
    clusters: { type: "string", default: "10,100,1000" },
    concurrency: { type: "string", default: String(DECISIONS_QUEUE.concurrency) },
    grace: { type: "string", default: "30" },
  },
});
const sizes = values.clusters.split(",").map(Number);
const concurrency = Number(values.concurrency);
const grace = Number(values.grace);
if (
  sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 5000) ||
  !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 1000) ||
  !(Number.isInteger(grace) && grace >= 0 && grace <= 600)
) {
  process.stderr.write(
    `bench:storm: --clusters '${values.clusters}' / --concurrency '${values.concurrency}' / --grace '${values.grace}' not valid (expected e.g. --clusters 10,100,1000 --concurrency 2 --grace 30)\n`,
  );
  process.exit(2);
}

const out = join(import.meta.dirname, "results/storm.md");
const rows: StormRow[] = [];
for (const clusters of sizes) {
  process.stderr.write(
    `az-outage --clusters ${clusters} --grace ${grace} (documented throttling, at most ${concurrency} invocations)\n`,
  );
  const report = await runDrill(
    {
      scenario: "az-outage",
      clusters,
      concurrency,
      graceSeconds: grace,
      dryRun: false,
      json: true,
      throttling: "documented",
      throttleFactor: 1,
      progress: true,
    },
    { note: (text) => process.stderr.write(`${text}\n`) },
  );
  rows.push(stormRow(report, clusters, concurrency, grace));
  process.stderr.write(`${stormTable(rows.slice(-1))}\n`);
  // Rewritten after each size, so a long run leaves its finished sizes behind.
  writeFileSync(
    out,
    stormReport(
      rows,
      `npm run bench:storm -- --clusters ${values.clusters} --concurrency ${concurrency} --grace ${grace}`,
    ),
  );
}
process.stdout.write(`${stormTable(rows)}\nwritten to ${out}\n`);
process.exitCode = rows.every(meetsTargets) ? 0 : 1;
