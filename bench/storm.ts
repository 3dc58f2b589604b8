// `npm run bench:storm`: az-outage at 10, 100 and 1000 clusters against EC2's documented rate limits, in the
// deployed shape (the decisions queue, its MaximumConcurrency, paced containers, grace windows as delayed
// messages), written to bench/results/storm.md. Options: --clusters 10,100,1000 (comma list),
// --concurrency 2 (the queue's MaximumConcurrency; default as deployed), --batch-size 10 (records per
// invocation; default as deployed), --grace 30 (graceSeconds), --others-share 0.5 (other tenants of the account
// spend that share of every EC2 bucket, burst and refill; the bound is computed from what is left).
// The route storm: --routes 50x1x10 (comma list of CLUSTERSxROUTESxTABLES) instead of --clusters: each cluster
// holds ROUTES overlay routes, each in TABLES shared route tables, and no EIP; written to
// bench/results/storm-routes.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDrill } from "../cli/drill/run.ts";
import type { OverlayShape } from "../cli/drill/types.ts";
import { DECISIONS_QUEUE } from "../functions/index.ts";
import { stormReport } from "./storm/report.ts";
import { parseRouteShapes, routeStormReport, routeStormTable } from "./storm/routes.ts";
import { meetsTargets, type StormRow, stormRow, stormTable } from "./storm/table.ts";

const { values } = parseArgs({
  options: {
    clusters: { type: "string", default: "10,100,1000" },
    routes: { type: "string" },
    concurrency: { type: "string", default: String(DECISIONS_QUEUE.concurrency) },
    "batch-size": { type: "string", default: String(DECISIONS_QUEUE.batchSize) },
    grace: { type: "string", default: "30" },
    "others-share": { type: "string", default: "0" },
  },
});
const concurrency = Number(values.concurrency);
const grace = Number(values.grace);
const batchSize = Number(values["batch-size"]);
const othersShare = Number(values["others-share"]);
const fail = (why: string) => {
  process.stderr.write(
    `bench:storm: ${why} (expected e.g. --clusters 10,100,1000 --concurrency 2 --grace 30, or --routes 50x1x10 --grace 0)\n`,
  );
  process.exit(2);
};
let runs: { clusters: number; routes?: OverlayShape }[];
try {
  runs = values.routes
    ? parseRouteShapes(values.routes)
    : values.clusters.split(",").map((item) => ({ clusters: Number(item) }));
} catch (error) {
  fail((error as Error).message);
}
if (runs!.some(({ clusters: n }) => !Number.isInteger(n) || n < 1 || n > 5000))
  fail(`--clusters '${values.clusters}' not valid`);
if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 1000))
  fail(`--concurrency '${values.concurrency}' not valid`);
if (!(Number.isInteger(grace) && grace >= 0 && grace <= 600)) fail(`--grace '${values.grace}' not valid`);
if (!(values["others-share"].trim() !== "" && othersShare >= 0 && othersShare <= 0.9))
  fail(`--others-share '${values["others-share"]}' not valid (a share from 0 to 0.9)`);
if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10))
  fail(`--batch-size '${values["batch-size"]}' not valid (1-10, SQS's most per receive)`);

const routeStorm = values.routes !== undefined;
const out = join(import.meta.dirname, routeStorm ? "results/storm-routes.md" : "results/storm.md");
const command = `npm run bench:storm -- ${routeStorm ? `--routes ${values.routes}` : `--clusters ${values.clusters}`} --concurrency ${concurrency}${batchSize === DECISIONS_QUEUE.batchSize ? "" : ` --batch-size ${batchSize}`} --grace ${grace}${othersShare ? ` --others-share ${othersShare}` : ""}`;
const table = routeStorm ? routeStormTable : stormTable;
const rows: StormRow[] = [];
for (const { clusters, routes } of runs!) {
  const shape = routes ? ` --routes ${routes.perCluster}x${routes.tables}` : "";
  process.stderr.write(
    `az-outage --clusters ${clusters}${shape} --grace ${grace} (documented throttling${othersShare ? `, ${othersShare * 100} % of it spent by others` : ""}, at most ${concurrency} invocations)\n`,
  );
  const report = await runDrill(
    {
      scenario: "az-outage",
      clusters,
      concurrency,
      batchSize,
      graceSeconds: grace,
      ...(routes ? { routes } : {}),
      dryRun: false,
      json: true,
      throttling: "documented",
      throttleFactor: 1,
      ...(othersShare ? { othersShare } : {}),
      progress: true,
    },
    { note: (text) => process.stderr.write(`${text}\n`) },
  );
  rows.push({ ...stormRow(report, clusters, concurrency, grace, routes, othersShare), batchSize });
  process.stderr.write(`${table(rows.slice(-1))}\n`);
  // Rewritten after each run, so a long run leaves its finished sizes behind.
  writeFileSync(out, routeStorm ? routeStormReport(rows, command) : stormReport(rows, command));
}
process.stdout.write(`${table(rows)}\nwritten to ${out}\n`);
process.exitCode = rows.every(meetsTargets) ? 0 : 1;
