import { realpathSync, statSync } from "node:fs";
import { DisassociateAddressCommand } from "@aws-sdk/client-ec2";
import { claim, createEc2Client, deadlineIn, locate } from "../../core/index.ts";
import { NO_LAG } from "../../sim/consistency.ts";
import type { NodeName } from "../../sim/constants.ts";
import { REGION } from "../../sim/constants.ts";
import { identityOf, startImds } from "../../sim/imds.ts";
import { motoAssociations, startRegion } from "../../sim/region.ts";
import { median, splitOf, timeSpawn } from "./measure.ts";
import { IMDS_ADDRESS } from "./netns.ts";
import { evict, PACKAGED_RUNTIME } from "./packaged.ts";
import { type Peer, setupPeers } from "./peers.ts";
import type { Row, Series } from "./table.ts";

/** Medians in ms: our agent's monitor split, and process starts of both runtimes and both forms of the agent. */
export interface Split {
  /** `node -e 0` on this machine's Node; the packaged executable's runtime (Node 24) likewise. */
  readonly nodeBaseline: number;
  readonly runtimeBaseline: number;
  /** `meta-data` (no network half): the bundle on this machine's Node, the packaged executable. */
  readonly metaData: number;
  readonly metaDataPackaged: number;
  /** A recurring monitor less the `-e 0` of its runtime run just before it: median of the paired differences. */
  readonly recurringOverBundle: number;
  readonly recurringOverPackaged: number;
  /** `meta-data` with its files out of the page cache first (the executable; the script and this Node). */
  readonly cold: { readonly bundle: number; readonly packaged: number };
  /** The packaged executable's size in bytes. */
  readonly executableBytes: number;
  /** The bundle's monitor, from its log line. */
  readonly startup: number;
  readonly action: number;
  readonly ec2: number;
}

/** What the bench found inside the namespace. */
export interface InsideReport {
  readonly rows: Row[];
  readonly split: Split;
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
    const { ours, packaged, awseip } = peers;
    // A warm node: identity and code caches in HA_RSCTMP.
    for (const peer of [ours, packaged]) await timeSpawn(peer.file, ["monitor"], peer.env());
    // A probe that finds the address here while this node changed nothing waits api_lag and reads again (STYLE
    // 17, agent/ocf/lag.ts): correctness, not cost, and awseip makes no such check. Like with like: that row runs
    // ours with api_lag=0 (one read, as awseip), and the probe on a node that does not hold the address (no
    // doubt, one read either way) runs with the default api_lag.
    const exactReads = (peer: Peer): Peer => ({
      ...peer,
      env: (fresh) => ({ ...peer.env(fresh), OCF_RESKEY_api_lag: "0" }),
    });
    for (const [action, from, label, exact] of [
      ["monitor", "B", "monitor, probe (held here; ours with api_lag=0)", true],
      ["start", "nobody", "start (from unassociated)", false],
      ["stop", "B", "stop (held here)", false],
      ["monitor", "A", "monitor, probe (held on node A)", false],
    ] as const)
      rows.push({
        action: label,
        ours: await series(exact ? exactReads(ours) : ours, action, from),
        packaged: await series(exact ? exactReads(packaged) : packaged, action, from),
        awseip: await series(awseip, action, from),
      });
    rows.push({
      action: "start (move from node A)",
      ours: await series(ours, "start", "A"),
      packaged: await series(packaged, "start", "A"),
    });
    // Pacemaker's recurring monitor (interval 10 s): ours reads IMDSv2 and asks EC2 only on doubt; awseip's
    // monitor does not depend on the interval, so its row above is the comparison.
    const recurringOf = (peer: Peer): Peer => ({
      ...peer,
      env: (fresh) => ({ ...peer.env(fresh), OCF_RESKEY_CRM_meta_interval: "10000" }),
    });
    rows.push({
      action: "monitor, recurring (held here; awseip: as above)",
      ours: await series(recurringOf(ours), "monitor", "B"),
      packaged: await series(recurringOf(packaged), "monitor", "B"),
    });
    rows.push({
      action: "monitor, cold node (empty HA_RSCTMP)",
      ours: await series(ours, "monitor", "B", true),
      packaged: await series(packaged, "monitor", "B", true),
    });
    const monitorSplits = rows[0]!.ours.samples.map((s) => splitOf(s.stderr)).filter((s) => s !== undefined);
    // Process starts, interleaved run by run so the machine's load weighs on each alike.
    const systemNode = realpathSync(process.execPath);
    const t = (file: string, args: string[], env: Record<string, string> = {}) =>
      timeSpawn(file, args, env).then((s) => s.ms);
    const m = {
      node: [] as number[],
      runtime: [] as number[],
      meta: [] as number[],
      metaPackaged: [] as number[],
      overBundle: [] as number[],
      overPackaged: [] as number[],
      coldBundle: [] as number[],
      coldPackaged: [] as number[],
    };
    await place("B");
    for (let i = 0; i < options.runs; i++) {
      m.node.push(await t(systemNode, ["-e", "0"]));
      m.overBundle.push((await t(ours.file, ["monitor"], recurringOf(ours).env())) - m.node.at(-1)!);
      m.runtime.push(await t(PACKAGED_RUNTIME, ["-e", "0"]));
      m.overPackaged.push(
        (await t(packaged.file, ["monitor"], recurringOf(packaged).env())) - m.runtime.at(-1)!,
      );
      m.meta.push(await t(ours.file, ["meta-data"], ours.env()));
      m.metaPackaged.push(await t(packaged.file, ["meta-data"], packaged.env()));
      for (const file of [systemNode, ours.file]) evict(file);
      m.coldBundle.push(await t(ours.file, ["meta-data"], ours.env()));
      evict(packaged.file);
      m.coldPackaged.push(await t(packaged.file, ["meta-data"], packaged.env()));
    }
    return {
      rows,
      split: {
        nodeBaseline: median(m.node),
        runtimeBaseline: median(m.runtime),
        metaData: median(m.meta),
        metaDataPackaged: median(m.metaPackaged),
        recurringOverBundle: median(m.overBundle),
        recurringOverPackaged: median(m.overPackaged),
        cold: { bundle: median(m.coldBundle), packaged: median(m.coldPackaged) },
        executableBytes: statSync(packaged.file).size,
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
