// The e2e suite's "AWS": moto on this namespace's loopback, the sim proxy on the cluster network, the
// classic topology, and a small control API the test drives through `ip netns exec` (it has no route here).
// Runs inside the AWS network namespace. Prints one JSON line {"ready":…} when up.
// Usage: aws-main.ts [NODES] [LAG]; a third node C is launched in its own subnet and AZ (10.0.2.20, ap-northeast-1d).
// LAG is EC2's read-after-write lag at the proxy, MS or MIN-MAX (default the sim's, as on AWS; 0 for exact reads).
import { createServer } from "node:http";
import { CreateSubnetCommand, DescribeInstancesCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { ListCommandsCommand, SSMClient } from "@aws-sdk/client-ssm";
import { lambdaContext, putCluster } from "../../../cli/harness/index.ts";
import { deadlineIn, locate, observeRoutes } from "../../../core/index.ts";
import { NOTICE_SOURCE } from "../../../functions/notices/notice.ts";
import { simEc2 } from "../../../sim/clients.ts";
import { DEFAULT_LAG, parseLagRange } from "../../../sim/consistency.ts";
import { startMoto } from "../../../sim/moto.ts";
import { startProxy } from "../../../sim/proxy.ts";
import { motoAssociations } from "../../../sim/region.ts";
import { buildClassicTopology, launchNode } from "../../../sim/topology.ts";

const HOST = "198.51.100.10";
const moto = await startMoto();
// However this process ends (a setup error, or the harness's SIGTERM before the ready line, then its SIGKILL), moto
// must not outlive it: the harness learns moto's PID only from that line. Two orphaned moto servers were seen.
process.on("exit", () => {
  try {
    process.kill(moto.pid, "SIGKILL");
  } catch {}
});
const early = () => process.exit(1);
process.once("SIGTERM", early);
process.once("SIGINT", early);
const consistency = process.argv[3] ? parseLagRange(process.argv[3]) : DEFAULT_LAG;
const proxy = await startProxy({ target: moto.endpoint, host: HOST, port: 4566, consistency });
// The suite's own bookkeeping (topology, holder, routes) reads moto directly: the truth, never a lagging read,
// and it may wait for moto as long as a busy machine makes it.
const ec2 = simEc2(moto.endpoint, { requestTimeoutMs: 90_000 });
const ssm = new SSMClient({
  region: "ap-northeast-1",
  endpoint: moto.endpoint,
  credentials: { accessKeyId: "admin", secretAccessKey: "x" },
});
const classic = await buildClassicTopology(ec2);
const topology = { ...classic, nodes: { ...classic.nodes } as Record<string, unknown> };
if (Number(process.argv[2] ?? 2) >= 3) {
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: classic.vpcId,
      CidrBlock: "10.0.2.0/24",
      AvailabilityZone: "ap-northeast-1d",
    }),
  );
  topology.nodes.C = await launchNode(ec2, {
    name: "nodeC",
    subnetId: subnet.Subnet?.SubnetId ?? "",
    privateIp: "10.0.2.20",
  });
}

Object.assign(process.env, {
  AWS_ENDPOINT_URL: proxy.endpoint,
  AWS_REGION: "ap-northeast-1",
  AWS_ACCESS_KEY_ID: "lambda",
  AWS_SECRET_ACCESS_KEY: "testing",
  CONFIG_PREFIX: "/eip-failover/clusters/",
  CONFIG_CACHE_SECONDS: "0",
  POWERTOOLS_LOG_LEVEL: "SILENT",
  POWERTOOLS_METRICS_DISABLED: "true",
});
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let handler: Handler | undefined;

const body = (req: import("node:http").IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.on("data", (c) => {
      s += c;
    });
    req.on("end", () => resolve(s));
  });

const routes: Record<string, (input: string, url: URL) => Promise<unknown>> = {
  "GET /topology": async () => topology,
  "GET /holder": async () => {
    const eip = await locate(
      ec2,
      { allocationId: topology.eip.allocationId },
      { deadline: deadlineIn(5_000) },
    );
    return {
      instanceId: eip.association?.instanceId ?? null,
      associationId: eip.association?.associationId ?? null,
      t: Date.now(),
    };
  },
  // Where each of the overlay's route tables sends it (the topology's order: A's subnet's, then B's).
  "GET /routes": async () =>
    (await observeRoutes(ec2, topology.overlay, { deadline: deadlineIn(5_000) })).tables.map(
      (t) => t.route?.networkInterfaceId ?? null,
    ),
  "GET /log": async () => proxy.log.entries(),
  // Each instance's state as moto holds it (the truth, no lag): the harness powers each node by it (power.ts).
  "GET /instances": async () => {
    const out = await ec2.send(new DescribeInstancesCommand({}));
    const states: Record<string, string> = {};
    for (const r of out.Reservations ?? [])
      for (const i of r.Instances ?? []) if (i.InstanceId) states[i.InstanceId] = i.State?.Name ?? "unknown";
    return states;
  },
  // The nodes' IMDS reads their interface's Elastic IPs here: from moto directly, so at no cost in the proxy's log.
  "GET /associations": async (_input, url) => motoAssociations(ec2)(url.searchParams.get("eni") ?? ""),
  "POST /faults": async (input) => {
    proxy.setFaults(JSON.parse(input || "[]"));
    return { ok: true };
  },
  // Instances whose status checks fail from now on (they keep running), as the controller's alarm saw them.
  "POST /impaired": async (input) => {
    proxy.setImpaired(JSON.parse(input || "[]"));
    return { ok: true };
  },
  "POST /stop-instance": async (_input, url) => {
    await ec2.send(new StopInstancesCommand({ InstanceIds: [url.searchParams.get("id") ?? ""] }));
    return { ok: true };
  },
  // The Run Commands the controller sent (moto records them and runs nothing): the test runs each script on its node.
  "GET /commands": async () =>
    ((await ssm.send(new ListCommandsCommand({}))).Commands ?? []).map((c) => ({
      commandId: c.CommandId,
      instanceIds: c.InstanceIds ?? [],
      commands: c.Parameters?.commands ?? [],
    })),
  // The controller's failover notices (PutEvents through the proxy, source eip-failover), oldest first.
  "GET /notices": async () =>
    proxy.bus
      .entries(NOTICE_SOURCE)
      .map((e) => ({ detailType: e.detailType, detail: e.detail, time: e.time })),
  "POST /put-cluster": async (input) => {
    const doc = JSON.parse(input) as { name: string };
    await putCluster(ssm, doc.name, input);
    return { ok: true };
  },
  "POST /invoke": async (input) => {
    handler ??= (
      (await import(new URL("../../../dist/functions/failover.mjs", import.meta.url).href)) as {
        handler: Handler;
      }
    ).handler;
    return handler(JSON.parse(input), lambdaContext(60_000));
  },
};

const control = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  const route = routes[`${req.method} ${url.pathname}`];
  try {
    if (!route) throw new Error(`no route ${req.method} ${url.pathname}`);
    const out = await route(await body(req), url);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(out));
  } catch (error) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: String(error) }));
  }
});
await new Promise<void>((resolve) => control.listen(4567, HOST, () => resolve()));
console.log(JSON.stringify({ ready: true, proxy: proxy.endpoint, moto: moto.endpoint, motoPid: moto.pid }));

async function stop() {
  control.close();
  await proxy.stop();
  await moto.stop();
  process.exit(0);
}
process.off("SIGTERM", early);
process.off("SIGINT", early);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
