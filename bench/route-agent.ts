// `npm run bench:route`: our route agent (ocf:eip-failover:route) and ClusterLabs aws-vpc-move-ip side by side,
// as node B, against the same moto, in a network namespace of the bench's own (as bench:agent does for awseip).
// Median (p90) wall time of start, probe, recurring monitor and stop over --runs runs (default 20), and the
// compare-and-swap window of claimRoutesIfUnchanged. Needs root, the build, the aws CLI and resource-agents.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./agent/measure.ts";
import { rerunInside } from "./agent/netns.ts";
import { benchRoutesInside, p90 } from "./route/inside.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    out: { type: "string", default: "bench/results/route-agent.md" },
    inside: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 200) {
  process.stderr.write(`bench:route: --runs '${values.runs}' not valid (expected 1..200, e.g. --runs 5)\n`);
  process.exit(2);
}
const out = resolve(values.out);
if (!values.inside)
  await rerunInside(`eiproute-${process.pid}`, import.meta.filename, ["--runs", String(runs), "--out", out]);

const { rows, windowMs, baseline } = await benchRoutesInside(runs);
const cell = (ms: number[]) => `${median(ms).toFixed(0)} (${p90(ms).toFixed(0)})`;
const table = [
  "| action | eip-failover route, ms | aws-vpc-move-ip, ms | exit codes (ours / theirs) |",
  "|---|---:|---:|---|",
  ...rows.map(
    (r) =>
      `| ${r.action} | ${cell(r.ours.map((s) => s.ms))} | ${cell(r.moveIp.map((s) => s.ms))} | ${[...new Set(r.ours.map((s) => s.code))].join(",")} / ${[...new Set(r.moveIp.map((s) => s.code))].join(",")} |`,
  ),
].join("\n");
const text = `# Route agent benchmark: ocf:eip-failover:route vs ClusterLabs aws-vpc-move-ip

Command: \`npm run bench:route -- --runs ${runs}\` (as root; ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}).
Both agents run as node B on the overlay 192.168.100.10/32 across two route tables, spawned as pacemaker-execd
would (env only), against the same moto behind the sim's proxy inside a network namespace; node B's IMDS on
169.254.169.254:80 there, and an eth0 with node B's MAC. aws-vpc-move-ip uses the aws CLI through a wrapper adding
\`--endpoint-url\` (it sleeps 1 s after each table on start and on API monitors, by design). Medians (p90) over
${runs} runs; no NODE_EXTRA_CA_CERTS for ours.

${table}

Process start for context (medians): \`node -e 0\` ${median(baseline.node).toFixed(0)} ms, our \`meta-data\` (no SDK
loaded) ${median(baseline.metaData).toFixed(0)} ms. Ours is two bundles like the eip agent: the network half is compiled
only for start/stop/monitor, from a V8 code cache under HA_RSCTMP (warm here: one monitor ran before the series).

Compare-and-swap window (claimRoutesIfUnchanged, in-process): from the re-read's answer to each ReplaceRoute's
answer, median ${median(windowMs).toFixed(1)} ms, p90 ${p90(windowMs).toFixed(1)} ms over ${windowMs.length} route replacements.
A change someone else makes to a table inside that window is overwritten; EC2 has no conditional ReplaceRoute.
`;
process.stdout.write(`\n${text}`);
writeFileSync(out, text);
process.stderr.write(`wrote ${out}\n`);
