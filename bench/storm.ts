// `npm run bench:storm`: az-outage at 10, 100 and 1000 clusters against EC2's documented rate limits,
// written to bench/results/storm.md. Options: --clusters 10,100,1000 (comma list), --concurrency 100.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDrill } from "../cli/drill/run.ts";
import { stormReport } from "./storm/report.ts";
import { type StormRow, stormRow, stormTable } from "./storm/table.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = parseArgs({
  options: {
    clusters: { type: "string", default: "10,100,1000" },
    concurrency: { type: "string", default: "100" },
  },
});
const sizes = values.clusters.split(",").map(Number);
const concurrency = Number(values.concurrency);
if (
  sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 5000) ||
  !(concurrency >= 1 && concurrency <= 1000)
) {
  process.stderr.write(
    `bench:storm: --clusters '${values.clusters}' / --concurrency '${values.concurrency}' not valid (expected e.g. --clusters 10,100,1000 --concurrency 100)\n`,
  );
  process.exit(2);
}

const out = join(import.meta.dirname, "results/storm.md");
const rows: StormRow[] = [];
for (const clusters of sizes) {
  process.stderr.write(
    `az-outage --clusters ${clusters} (documented throttling, ${concurrency} in flight)\n`,
  );
  const report = await runDrill(
    {
      scenario: "az-outage",
      clusters,
      concurrency,
      dryRun: false,
      json: true,
      throttling: "documented",
      throttleFactor: 1,
      progress: true,
    },
    { note: (text) => process.stderr.write(`${text}\n`) },
  );
  rows.push(stormRow(report, clusters, concurrency));
  process.stderr.write(`${stormTable(rows.slice(-1))}\n`);
  // Rewritten after each size, so a long run leaves its finished sizes behind.
  writeFileSync(
    out,
    stormReport(rows, `npm run bench:storm -- --clusters ${values.clusters} --concurrency ${concurrency}`),
  );
}
process.stdout.write(`${stormTable(rows)}\nwritten to ${out}\n`);
process.exitCode = rows.every((r) => r.ok && (r.boundSeconds === 0 || r.wallSeconds <= 1.1 * r.boundSeconds))
  ? 0
  : 1;
