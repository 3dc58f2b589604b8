import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReplaceRouteCommand } from "@aws-sdk/client-ec2";
import { claimRoutesIfUnchanged, createEc2Client, deadlineIn, observeRoutes } from "../../core/index.ts";
import { REGION } from "../../sim/constants.ts";
import { identityOf, startImds } from "../../sim/imds.ts";
import { motoAssociations, startRegion } from "../../sim/region.ts";
import { median, quantile, type Sample, timeSpawn } from "../agent/measure.ts";
import { IMDS_ADDRESS } from "../agent/netns.ts";
import { PACKAGED_RUNTIME, packagedAgent } from "../agent/packaged.ts";

export const MOVE_IP = "/usr/lib/ocf/resource.d/heartbeat/aws-vpc-move-ip";
const OURS = join(import.meta.dirname, "../../dist/agent/route");

/** One row: an action, each agent's samples (ours as the bundle on this machine's Node, and packaged). */
export interface RouteRow {
  readonly action: string;
  readonly ours: Sample[];
  readonly packaged: Sample[];
  readonly moveIp: Sample[];
}

const sh = (...args: string[]) => {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
};

/**
 * Inside the bench namespace: moto + proxy, node B's IMDS on 169.254.169.254:80, and an eth0 (a veth) with
 * node B's MAC, so aws-vpc-move-ip finds B's interface by MAC as on EC2. Both agents run as node B on the
 * topology's overlay 192.168.100.10/32 across both route tables, each run from the same prepared state.
 */
export async function benchRoutesInside(runs: number): Promise<{
  rows: RouteRow[];
  windowMs: number[];
  /** Wall times of `node -e 0` on both runtimes and of our meta-data in both forms, for context. */
  baseline: { node: number[]; runtime: number[]; metaData: number[]; metaDataPackaged: number[] };
}> {
  const region = await startRegion();
  const moto = createEc2Client({
    region: REGION,
    endpoint: region.moto.endpoint,
    extra: { credentials: { accessKeyId: "imds", secretAccessKey: "testing" } },
  });
  const { nodes, overlay } = region.topology;
  const imds = await startImds(identityOf(nodes.B), {
    host: IMDS_ADDRESS,
    port: 80,
    associations: motoAssociations(moto),
  });
  sh("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
  sh("ip", "link", "set", "eth0", "address", nodes.B.macAddress);
  sh("ip", "link", "set", "eth0", "up");
  sh("ip", "link", "set", "peer0", "up");
  const dir = mkdtempSync(join(tmpdir(), "route-bench-"));
  const aws = spawnSync("sh", ["-c", "command -v aws"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(
    join(dir, "credentials"),
    "[agent]\naws_access_key_id = agent\naws_secret_access_key = testing\n[moveip]\naws_access_key_id = moveip\naws_secret_access_key = testing\n",
  );
  writeFileSync(join(dir, "config"), `[profile moveip]\nregion = ${REGION}\n`);
  writeFileSync(
    join(dir, "aws-sim"),
    `#!/bin/sh\nexec ${aws} --endpoint-url ${region.proxy.endpoint} "$@"\n`,
  );
  chmodSync(join(dir, "aws-sim"), 0o755);
  // Run ours from outside the repo, as installed (CommonJS).
  copyFileSync(OURS, join(dir, "route"));
  chmodSync(join(dir, "route"), 0o755);
  mkdirSync(join(dir, "rsctmp"));
  mkdirSync(join(dir, "rsctmp-exe"));
  const packagedFile = packagedAgent(join(dir, "pkg"), "route");
  const base = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    OCF_ROOT: "/usr/lib/ocf",
    OCF_RESOURCE_INSTANCE: "overlay",
    HA_RSCTMP: join(dir, "rsctmp"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    AWS_CONFIG_FILE: join(dir, "config"),
    OCF_RESKEY_ip: "192.168.100.10",
    OCF_RESKEY_routing_table: overlay.routeTableIds.join(","),
    OCF_RESKEY_interface: "eth0",
    OCF_RESKEY_CRM_meta_timeout: "30000",
  };
  const ours = { ...base, AWS_PROFILE: "agent", AWS_ENDPOINT_URL: region.proxy.endpoint, AWS_REGION: REGION };
  // Its own HA_RSCTMP: its V8 (Node 24's) would reject, and rewrite, the code caches of this machine's Node.
  const packaged = { ...ours, HA_RSCTMP: join(dir, "rsctmp-exe") };
  // moto names no InstanceId on a route to an interface (EC2 does), so aws-vpc-move-ip compares interfaces.
  const moveIp = {
    ...base,
    OCF_RESKEY_awscli: join(dir, "aws-sim"),
    OCF_RESKEY_profile: "moveip",
    OCF_RESKEY_region: REGION,
    OCF_RESKEY_lookup_type: "NetworkInterfaceId",
  };
  const admin = region.ec2("admin");

  /** Routes to A's interface or B's, and the IP on eth0 or not. */
  async function place(routes: "A" | "B", ipHere: boolean): Promise<void> {
    for (const RouteTableId of overlay.routeTableIds)
      await admin.send(
        new ReplaceRouteCommand({
          RouteTableId,
          DestinationCidrBlock: overlay.destination,
          NetworkInterfaceId: nodes[routes].networkInterfaceId,
        }),
      );
    spawnSync("ip", ["addr", "del", overlay.destination, "dev", "eth0"]);
    if (ipHere) sh("ip", "addr", "add", overlay.destination, "dev", "eth0");
  }
  async function series(
    file: string,
    env: Record<string, string>,
    action: string,
    routes: "A" | "B",
    ipHere: boolean,
  ) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      await place(routes, ipHere);
      samples.push(await timeSpawn(file, [action], env));
    }
    const codes = [...new Set(samples.map((s) => s.code))].join(",");
    process.stderr.write(
      `  ${file === packagedFile ? "route (package)" : file.endsWith("route") ? "route" : "aws-vpc-move-ip"} ${action}: median ${median(samples.map((s) => s.ms)).toFixed(0)} ms, rc ${codes}\n`,
    );
    if (codes !== "0") process.stderr.write(samples.find((s) => s.code !== 0)?.stderr ?? "");
    return samples;
  }
  try {
    // A warm node: identity cached in HA_RSCTMP.
    await timeSpawn(join(dir, "route"), ["monitor"], ours);
    await timeSpawn(packagedFile, ["monitor"], packaged);
    const rows: RouteRow[] = [];
    for (const [action, routes, ipHere, label, env] of [
      ["start", "A", false, "start (routes on A)", {}],
      ["monitor", "B", true, "probe (routes and IP here)", {}],
      [
        "monitor",
        "B",
        true,
        "monitor, recurring, monapi=true",
        { OCF_RESKEY_CRM_meta_interval: "10000", OCF_RESKEY_monapi: "true" },
      ],
      ["monitor", "B", true, "monitor, recurring, monapi=false", { OCF_RESKEY_CRM_meta_interval: "10000" }],
      ["stop", "B", true, "stop (IP here)", {}],
    ] as const)
      rows.push({
        action: label,
        ours: await series(join(dir, "route"), { ...ours, ...env }, action, routes, ipHere),
        packaged: await series(packagedFile, { ...packaged, ...env }, action, routes, ipHere),
        moveIp: await series(MOVE_IP, { ...moveIp, ...env }, action, routes, ipHere),
      });
    // The compare-and-swap window: from the re-read's answer to ReplaceRoute's answer, per table, in-process.
    const windowMs: number[] = [];
    const client = region.ec2("controller");
    const marks: { name: string; at: number }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        marks.push({ name: String(context.commandName), at: performance.now() });
        return out;
      },
      { step: "initialize", name: "bench-marks" },
    );
    for (let i = 0; i < runs; i++) {
      await place("A", false);
      const seen = await observeRoutes(client, overlay, { deadline: deadlineIn(10_000) });
      marks.length = 0;
      await claimRoutesIfUnchanged(client, seen, nodes.B.networkInterfaceId, {
        deadline: deadlineIn(10_000),
      });
      const read = marks.find((m) => m.name === "DescribeRouteTablesCommand")?.at ?? Number.NaN;
      for (const m of marks.filter((x) => x.name === "ReplaceRouteCommand")) windowMs.push(m.at - read);
    }
    const baseline = {
      node: [] as number[],
      runtime: [] as number[],
      metaData: [] as number[],
      metaDataPackaged: [] as number[],
    };
    for (let i = 0; i < runs; i++) {
      baseline.node.push((await timeSpawn(process.execPath, ["-e", "0"], {})).ms);
      baseline.runtime.push((await timeSpawn(PACKAGED_RUNTIME, ["-e", "0"], {})).ms);
      baseline.metaData.push((await timeSpawn(join(dir, "route"), ["meta-data"], ours)).ms);
      baseline.metaDataPackaged.push((await timeSpawn(packagedFile, ["meta-data"], packaged)).ms);
    }
    return { rows, windowMs, baseline };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    moto.destroy();
    await imds.stop();
    await region.stop();
  }
}

export const p90 = (values: readonly number[]) => quantile(values, 0.9);
