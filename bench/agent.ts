// `npm run bench:agent`: our agent and ClusterLabs awseip side by side, as node B, against the same moto, in a
// network namespace whose loopback carries 169.254.169.254 (awseip's fixed IMDS address) with the sim's IMDS
// on port 80. Median wall time of monitor, start and stop over --runs runs each (default 20), EC2 calls per
// action from the proxy's log. Options: --runs N, --api-delay S (awseip's sleep after each change; default 3,
// its own default), --out FILE (default bench/results/agent.md). Needs root (ip netns), the build, the aws
// CLI and resource-agents' awseip.
// BENCH_DEBUG=1 prints the first run's stderr of each series (our agent's log line shows its time split).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchInside } from "./agent/inside.ts";
import { rerunInside } from "./agent/netns.ts";
import { agentTable } from "./agent/table.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "api-delay": { type: "string", default: "3" },
    out: { type: "string", default: "bench/results/agent.md" },
    inside: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const apiDelay = Number(values["api-delay"]);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000 || !Number.isInteger(apiDelay) || apiDelay < 0) {
  process.stderr.write(
    `bench:agent: --runs '${values.runs}' / --api-delay '${values["api-delay"]}' not valid (expected e.g. --runs 20 --api-delay 3)\n`,
  );
  process.exit(2);
}
const command = `npm run bench:agent -- --runs ${runs} --api-delay ${apiDelay}`;
const out = resolve(values.out);

if (!values.inside)
  await rerunInside(`eipbench-${process.pid}`, import.meta.filename, [
    "--runs",
    String(runs),
    "--api-delay",
    String(apiDelay),
    "--out",
    out,
  ]);

process.stderr.write(
  `bench:agent inside its namespace: ${runs} runs per action, awseip api_delay=${apiDelay}\n`,
);
const report = await benchInside({ runs, apiDelay });
const s = report.split;
const table = agentTable(report.rows);
const text = `# Agent benchmark: eip-failover vs ClusterLabs awseip

Command: \`${command}\` (as root; ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}).
Both agents run as node B, spawned as pacemaker-execd would (env only, the action as argv), against the same
moto behind the sim's proxy inside a network namespace; IMDS (node B's) listens on 169.254.169.254:80 there.
Credentials for both come from one shared credentials file (a profile each). awseip uses the aws CLI through a
wrapper adding \`--endpoint-url\`, with \`api_delay=${apiDelay}\`. Each run starts from the stated state,
prepared by a separate client; medians (p90) over ${runs} runs; calls counted per run (min–max). The agents
get a clean, Pacemaker-like environment: no NODE_OPTIONS or NODE_EXTRA_CA_CERTS (the latter makes every Node
start load a CA bundle, about 30 ms here).

${table}
Where our monitor's time goes (medians, ms): process start until the action begins ${s.startup.toFixed(0)}
(\`node -e 0\` alone: ${s.nodeBaseline.toFixed(0)}; our \`meta-data\`, which loads no SDK: ${s.metaData.toFixed(0)} wall),
the action ${s.action.toFixed(0)} (of which the EC2 client, credentials and the DescribeAddresses round trip ${s.ec2.toFixed(0)}).
`;
process.stdout.write(`\n${text}`);
writeFileSync(out, text);
process.stderr.write(`wrote ${out}\n`);
