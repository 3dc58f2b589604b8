// `npm run bench:route`: our route agent (ocf:eip-failover:route) and ClusterLabs aws-vpc-move-ip side by side,
// as node B, against the same moto, in a network namespace of the bench's own (as bench:agent does for awseip).
// Median (p90) wall time of start, probe, recurring monitor and stop over --runs runs (default 20), and the
// compare-and-swap window of claimRoutesIfUnchanged. Ours runs as the bundle on this machine's Node and as the
// executable of the amd64 .deb. Needs root, `npm run build` then `npm run package:agent`, the aws CLI and
// resource-agents. Run it under `flock /tmp/heavy.lock`.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
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
  "| action | route, bundle on system Node, ms | route, packaged executable, ms | aws-vpc-move-ip, ms | ratio (bundle / package) | exit codes (bundle / package / theirs) |",
  "|---|---:|---:|---:|---:|---|",
  ...rows.map((r) => {
    const t = (samples: { ms: number }[]) => median(samples.map((s) => s.ms));
    const codes = (samples: { code: number }[]) => [...new Set(samples.map((s) => s.code))].join(",");
    const ratio = `${(t(r.moveIp) / t(r.ours)).toFixed(1)}× / ${(t(r.moveIp) / t(r.packaged)).toFixed(1)}×`;
    return `| ${r.action} | ${cell(r.ours.map((s) => s.ms))} | ${cell(r.packaged.map((s) => s.ms))} | ${cell(r.moveIp.map((s) => s.ms))} | ${ratio} | ${codes(r.ours)} / ${codes(r.packaged)} / ${codes(r.moveIp)} |`;
  }),
].join("\n");
const text = `# Route agent benchmark: ocf:eip-failover:route vs ClusterLabs aws-vpc-move-ip

Command: \`npm run bench:route -- --runs ${runs}\` (as root; ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}).
Both agents run as node B on the overlay 192.168.100.10/32 across two route tables, spawned as pacemaker-execd
would (env only), against the same moto behind the sim's proxy inside a network namespace; node B's IMDS on
169.254.169.254:80 there, and an eth0 with node B's MAC. aws-vpc-move-ip uses the aws CLI through a wrapper adding
\`--endpoint-url\` (it sleeps 1 s after each table on start and on API monitors, by design). Medians (p90) over
${runs} runs; no NODE_EXTRA_CA_CERTS for ours. Load average at the end: ${loadavg()
  .map((l) => l.toFixed(1))
  .join(", ")}.

${table}

Process start for context (medians): \`node -e 0\` ${median(baseline.node).toFixed(0)} ms on this machine's Node and
${median(baseline.runtime).toFixed(0)} ms on the packaged executable's runtime; our \`meta-data\` (no SDK loaded)
${median(baseline.metaData).toFixed(0)} ms as the bundle, ${median(baseline.metaDataPackaged).toFixed(0)} ms as the executable (amd64 .deb, \`npm run package:agent\`). Ours is built like the eip agent: the network half is compiled only for
start/stop/monitor and the SDK half only when EC2 is asked, each from a V8 code cache under HA_RSCTMP (warm here:
one monitor ran before the series).

Compare-and-swap window (claimRoutesIfUnchanged, in-process): from the re-read's answer to each ReplaceRoute's
answer, median ${median(windowMs).toFixed(1)} ms, p90 ${p90(windowMs).toFixed(1)} ms over ${windowMs.length} route replacements.
A change someone else makes to a table inside that window is overwritten; EC2 has no conditional ReplaceRoute.
`;
process.stdout.write(`\n${text}`);
writeFileSync(out, text);
process.stderr.write(`wrote ${out}\n`);
