import { DisassociateAddressCommand } from "@aws-sdk/client-ec2";
import { claim, createEc2Client, deadlineIn, locate } from "../../core/index.ts";
import { NO_LAG } from "../../sim/consistency.ts";
import type { NodeName } from "../../sim/constants.ts";
import { REGION } from "../../sim/constants.ts";
import { identityOf, startImds } from "../../sim/imds.ts";
import { motoAssociations, startRegion } from "../../sim/region.ts";
import { median, splitOf, timeSpawn } from "./measure.ts";
import { IMDS_ADDRESS } from "./netns.ts";
import { type Peer, setupPeers } from "./peers.ts";
import type { Row, Series } from "./table.ts";

/** What the bench found inside the namespace. */
export interface InsideReport {
  readonly rows: Row[];
  /** Medians of our agent's own split (monitor) and of `node -e 0`, in ms. */
  readonly split: { nodeBaseline: number; metaData: number; startup: number; action: number; ec2: number };
}

/**
 * Runs inside the bench namespace: moto + proxy on its loopback, node B's IMDS on 169.254.169.254:80, and both
 * agents as node B against the same address, `runs` times per action, each run from the same prepared state.
 */
export async function benchInside(options: { runs: number; apiDelay: number }): Promise<InsideReport> {
  // Exact reads (no lag): each run starts from a state a client of the bench's own has just set, and the table
  // compares what each agent itself costs from that state. What the lag costs is measured end to end
  // (test/e2e/lagging-reads.test.ts, bench/RESULTS.md "Reads that lag").
  const region = await startRegion({ consistency: NO_LAG, imdsLag: NO_LAG });
  // Node B's IMDS lists its Elastic IPs from moto, as the region's own IMDS servers do.
  const moto = createEc2Client({
    region: REGION,
    endpoint: region.moto.endpoint,
    extra: { credentials: { accessKeyId: "imds", secretAccessKey: "testing" } },
  });
  const imds = await startImds(identityOf(region.topology.nodes.B), {
    host: IMDS_ADDRESS,
    port: 80,
    associations: motoAssociations(moto),
  });
  const { eip, nodes } = region.topology;
  const peers = setupPeers({
    proxyEndpoint: region.proxy.endpoint,
    allocationId: eip.allocationId,
    publicIp: eip.publicIp,
    apiDelay: options.apiDelay,
  });
  const admin = region.ec2("admin");
  const opts = () => ({ deadline: deadlineIn(10_000) });

  async function place(where: NodeName | "nobody"): Promise<void> {
    const now = await locate(admin, { allocationId: eip.allocationId }, opts());
    if (where === "nobody") {
      if (now.association)
        await admin.send(new DisassociateAddressCommand({ AssociationId: now.association.associationId }));
      return;
    }
    await claim(admin, now, { kind: "instance", instanceId: nodes[where].instanceId }, opts());
  }

  async function series(
    peer: Peer,
    action: string,
    from: NodeName | "nobody",
    fresh = false,
  ): Promise<Series> {
    const out = {
      samples: [] as Series["samples"][number][],
      ec2Calls: [] as number[],
      imdsCalls: [] as number[],
    };
    for (let i = 0; i < options.runs; i++) {
      await place(from);
      region.proxy.log.clear();
      const imdsBefore = imds.requestCount();
      out.samples.push(await timeSpawn(peer.file, [action], peer.env(fresh)));
      out.ec2Calls.push(region.proxy.log.count({ client: peer.client }));
      out.imdsCalls.push(imds.requestCount() - imdsBefore);
    }
    process.stderr.write(
      `  ${peer.label} ${action}${fresh ? " (cold)" : ""}: median ${median(out.samples.map((s) => s.ms)).toFixed(0)} ms${process.env.BENCH_DEBUG ? `\n${out.samples[0]?.stderr}` : ""}\n`,
    );
    return out;
  }

  let stopped: Promise<void> | undefined;
  const stopAll = () => {
    stopped ??= (async () => {
      peers.cleanup();
      moto.destroy();
      await imds.stop();
      await region.stop();
    })();
    return stopped;
  };
  // Interrupted (Ctrl-C, or the outer process forwarding a signal): stop moto and the servers by PID first.
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const rows: Row[] = [];
    const { ours, awseip } = peers;
    await timeSpawn(ours.file, ["monitor"], ours.env()); // warm node: identity and code cache in HA_RSCTMP
    for (const [action, from, label] of [
      ["monitor", "B", "monitor (held here)"],
      ["start", "nobody", "start (from unassociated)"],
      ["stop", "B", "stop (held here)"],
    ] as const)
      rows.push({
        action: label,
        ours: await series(ours, action, from),
        awseip: await series(awseip, action, from),
      });
    rows.push({ action: "start (move from node A)", ours: await series(ours, "start", "A") });
    // Pacemaker's recurring monitor (interval 10 s): ours reads IMDSv2 and asks EC2 only on doubt; awseip's
    // monitor does not depend on the interval, so its row above is the comparison.
    const recurring: Peer = {
      ...ours,
      env: (fresh) => ({ ...ours.env(fresh), OCF_RESKEY_CRM_meta_interval: "10000" }),
    };
    rows.push({
      action: "monitor, recurring (held here; awseip: as above)",
      ours: await series(recurring, "monitor", "B"),
    });
    rows.push({
      action: "monitor, cold node (empty HA_RSCTMP)",
      ours: await series(ours, "monitor", "B", true),
    });
    const monitorSplits = rows[0]!.ours.samples.map((s) => splitOf(s.stderr)).filter((s) => s !== undefined);
    const baseline = [];
    const meta = [];
    for (let i = 0; i < options.runs; i++) {
      baseline.push((await timeSpawn(process.execPath, ["-e", "0"], {})).ms);
      meta.push((await timeSpawn(ours.file, ["meta-data"], ours.env())).ms);
    }
    return {
      rows,
      split: {
        nodeBaseline: median(baseline),
        metaData: median(meta),
        startup: median(monitorSplits.map((s) => s.startupMs)),
        action: median(monitorSplits.map((s) => s.actionMs)),
        ec2: median(monitorSplits.map((s) => s.ec2Ms)),
      },
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stopAll();
  }
}
