// `npm run bench:planned-move`: a planned move A → B, our agent (migration: migrate_to, migrate_from, stop) and
// ClusterLabs awseip (its stop, then its start) in the same run, against the same moto, each run from the address
// on node A; interleaved run by run so the machine's load weighs on both alike. Inside a network namespace of its
// own (169.254.169.254 on its loopback: node B's IMDS on port 80, node A's on 8080). Options: --runs N (default
// 10), --api-delay S (awseip's sleep after each change; default 3, its own default), --out FILE (default
// bench/results/planned-move.md). Needs root, `npm run build`, the aws CLI and resource-agents' awseip. Run it
// under `flock /tmp/heavy.lock`.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { DisassociateAddressCommand } from "@aws-sdk/client-ec2";
import { claim, createEc2Client, deadlineIn, locate } from "../core/index.ts";
import { NO_LAG } from "../sim/consistency.ts";
import { REGION } from "../sim/constants.ts";
import { identityOf, startImds } from "../sim/imds.ts";
import { motoAssociations, startRegion } from "../sim/region.ts";
import { agentBenchArgs, agentBenchArgv } from "./agent/args.ts";
import { median } from "./agent/measure.ts";
import { IMDS_ADDRESS, rerunInside } from "./agent/netns.ts";
import { setupPeers } from "./agent/peers.ts";
import {
  asNodeA,
  type MoveRun,
  migrationSteps,
  NODE_A_IMDS_PORT,
  plannedMoveRun,
  stopStartSteps,
} from "./agent/planned.ts";
import { markdownTable } from "./agent/table.ts";

const args = agentBenchArgs("bench:planned-move", {
  runs: 10,
  out: "bench/results/planned-move.md",
});
const { runs, apiDelay, out, inside } = args;
const command = `npm run bench:planned-move -- --runs ${runs} --api-delay ${apiDelay}`;
if (!inside) await rerunInside(`eipmove-${process.pid}`, import.meta.filename, agentBenchArgv(args));

// Exact reads (no lag), as bench:agent: what each agent itself costs from the same state.
const region = await startRegion({ consistency: NO_LAG, imdsLag: NO_LAG });
const moto = createEc2Client({
  region: REGION,
  endpoint: region.moto.endpoint,
  extra: { credentials: { accessKeyId: "imds", secretAccessKey: "testing" } },
});
const { eip, nodes } = region.topology;
const imds = await Promise.all(
  (["B", "A"] as const).map((n) =>
    startImds(identityOf(nodes[n]), {
      host: IMDS_ADDRESS,
      port: n === "B" ? 80 : NODE_A_IMDS_PORT,
      associations: motoAssociations(moto),
    }),
  ),
);
const peers = setupPeers({
  proxyEndpoint: region.proxy.endpoint,
  allocationId: eip.allocationId,
  publicIp: eip.publicIp,
  apiDelay,
});
const admin = region.ec2("admin");
// From nobody to A, never by reassociation: moto leaves a reassociated address in the old instance's
// DescribeInstances, where awseip's monitor (a grep of it) would find it on B and its start would do nothing.
const onA = async () => {
  const held = await locate(admin, { allocationId: eip.allocationId }, { deadline: deadlineIn(10_000) });
  if (held.association)
    await admin.send(new DisassociateAddressCommand({ AssociationId: held.association.associationId }));
  const now = await locate(admin, { allocationId: eip.allocationId }, { deadline: deadlineIn(10_000) });
  await claim(
    admin,
    now,
    { kind: "instance", instanceId: nodes.A.instanceId },
    { deadline: deadlineIn(10_000) },
  );
};
const onB = async () =>
  (await locate(admin, { allocationId: eip.allocationId }, { deadline: deadlineIn(10_000) })).association
    ?.instanceId === nodes.B.instanceId;
const series = { ours: [] as MoveRun[], awseip: [] as MoveRun[] };
try {
  const ours = migrationSteps(asNodeA(peers.ours, "ours"), peers.ours);
  const awseip = stopStartSteps(asNodeA(peers.awseip, "awseip"), peers.awseip);
  for (let i = 0; i < runs; i++) {
    if (process.env.BENCH_DEBUG && i > 0)
      process.stderr.write(`${JSON.stringify([series.ours.at(-1), series.awseip.at(-1)])}\n`);
    series.ours.push(await plannedMoveRun(ours, onA, onB, region.proxy.log));
    series.awseip.push(await plannedMoveRun(awseip, onA, onB, region.proxy.log));
  }
} finally {
  peers.cleanup();
  moto.destroy();
  for (const server of imds) await server.stop();
  await region.stop();
}

const span = (v: readonly number[]) =>
  Math.min(...v) === Math.max(...v) ? `${v[0]}` : `${Math.min(...v)}–${Math.max(...v)}`;
const row = (label: string, r: readonly MoveRun[]) => [
  label,
  `${(median(r.map((x) => x.ms)) / 1000).toFixed(2)} s`,
  span(r.map((x) => x.ec2Calls)),
  span(r.map((x) => x.mutating)),
  `${median(r.map((x) => x.unassociatedMs)).toFixed(0)} (${span(r.map((x) => x.unassociatedMs))})`,
  span(r.flatMap((x) => x.codes)),
  `${r.filter((x) => x.onB).length} of ${r.length}`,
];
const text = `# A planned move A → B: eip-failover (migration) vs ClusterLabs awseip (stop, then start)

Command: \`${command}\` (as root; ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}; load average at the end ${loadavg()
  .map((l) => l.toFixed(1))
  .join(", ")}).
Each run starts with the address on node A (set by a separate client), then runs the agents' actions one after the
other as Pacemaker would: ours migrate_to on A, migrate_from on B, stop on A (allow-migrate=true); awseip, which
has no migration, stop on A then start on B, with \`api_delay=${apiDelay}\`. Node A's and node B's IMDS both listen
on 169.254.169.254 in the bench's namespace (ports ${NODE_A_IMDS_PORT} and 80). EC2 calls, mutating calls and the
milliseconds the address pointed nowhere (from a successful DisassociateAddress to the next AssociateAddress)
come from the sim proxy's log; medians over ${runs} runs, interleaved.

${markdownTable(["planned move A → B", "time (median, actions summed)", "EC2 calls", "mutating", "unassociated ms (median, range)", "exit codes", "ended on B"], [row("eip-failover: migrate_to, migrate_from, stop", series.ours), row("awseip: stop, start", series.awseip)])}`;
process.stdout.write(`\n${text}`);
writeFileSync(out, text);
process.stderr.write(`wrote ${out}\n`);
