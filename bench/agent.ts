// `npm run bench:agent`: our agent and ClusterLabs awseip side by side, as node B, against the same moto, in a
// network namespace whose loopback carries 169.254.169.254 (awseip's fixed IMDS address) with the sim's IMDS
// on port 80. Median wall time of monitor, start and stop over --runs runs each (default 20), EC2 calls per
// action from the proxy's log. Options: --runs N, --api-delay S (awseip's sleep after each change; default 3,
// its own default), --out FILE (default bench/results/agent.md). Our agent runs twice: the bundle on this
// machine's Node and the executable of the amd64 .deb. Needs root (ip netns), `npm run build` then
// `npm run package:agent`, the aws CLI and resource-agents' awseip. Run it under `flock /tmp/heavy.lock`.
// BENCH_DEBUG=1 prints the first run's stderr of each series (our agent's log line shows its time split).
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { agentBenchArgs, agentBenchArgv } from "./agent/args.ts";
import { benchInside } from "./agent/inside.ts";
import { rerunInside } from "./agent/netns.ts";
import { PACKAGED_RUNTIME } from "./agent/packaged.ts";
import { agentTable } from "./agent/table.ts";

const args = agentBenchArgs("bench:agent", {
  runs: 20,
  out: "bench/results/agent.md",
});
const { runs, apiDelay, out, inside } = args;
const PACKAGED_NODE = JSON.parse(
  readFileSync(join(dirname(PACKAGED_RUNTIME), "../package.json"), "utf8"),
).version;
const command = `npm run bench:agent -- --runs ${runs} --api-delay ${apiDelay}`;

if (!inside) await rerunInside(`eipbench-${process.pid}`, import.meta.filename, agentBenchArgv(args));

process.stderr.write(
  `bench:agent inside its namespace: ${runs} runs per action, awseip api_delay=${apiDelay}\n`,
);
const report = await benchInside({ runs, apiDelay });
const s = report.split;
const table = agentTable(report.rows);
const ms = (v: number) => `${v.toFixed(0)} ms`;
const text = `# Agent benchmark: eip-failover vs ClusterLabs awseip

Command: \`${command}\` (as root; ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}; load average
at the end ${loadavg()
  .map((l) => l.toFixed(1))
  .join(", ")}).
Both agents run as node B, spawned as pacemaker-execd would (env only, the action as argv), against the same
moto behind the sim's proxy inside a network namespace; IMDS (node B's) listens on 169.254.169.254:80 there.
Ours runs in two forms: the bundle \`npm run build\` writes (dist/agent/eip) on this machine's Node, and the
executable of the amd64 .deb (\`npm run package:agent\`: Node ${PACKAGED_NODE}'s own build with the agents
inside, ${(s.executableBytes / 2 ** 20).toFixed(1)} MiB), each with an HA_RSCTMP of its own.
Credentials for all come from one shared credentials file (a profile each). awseip uses the aws CLI through a
wrapper adding \`--endpoint-url\`, with \`api_delay=${apiDelay}\`. Each run starts from the stated state,
prepared by a separate client; medians (p90) over ${runs} runs; calls counted per run (min–max). The agents
get a clean, Pacemaker-like environment: no NODE_OPTIONS or NODE_EXTRA_CA_CERTS (the latter makes every Node
start load a CA bundle).

${table}
Process starts (medians over ${runs} runs, interleaved): \`node -e 0\` ${ms(s.nodeBaseline)} on this machine's Node,
${ms(s.runtimeBaseline)} on the executable's runtime (Node ${PACKAGED_NODE}); \`meta-data\` (no network half) ${ms(s.metaData)}
as the bundle, ${ms(s.metaDataPackaged)} as the executable; with its files dropped from the page cache first (cold)
${ms(s.cold.bundle)} and ${ms(s.cold.packaged)}.
A recurring monitor (IMDSv2 only, no EC2 call) over its own runtime's \`-e 0\` run just before it (median of the
paired differences): ${ms(s.recurringOverBundle)} for the bundle, **${ms(s.recurringOverPackaged)} for the executable**.
The bundle's monitor split (probe, asks EC2): process start until the action begins ${ms(s.startup)}, the action
${ms(s.action)} (of which the EC2 read: keys, signing and the DescribeAddresses round trip, without the SDK, ${ms(s.ec2)}).
`;
process.stdout.write(`\n${text}`);
writeFileSync(out, text);
process.stderr.write(`wrote ${out}\n`);
