import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DescribeAddressesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SSMClient } from "@aws-sdk/client-ssm";
import { simEc2, simEnv } from "./clients.ts";
import { DEFAULT_LAG, type LagRange } from "./consistency.ts";
import { NODES, type NodeName, REGION } from "./constants.ts";
import { type Imds, identityOf, startImds } from "./imds.ts";
import type { AssociationSource } from "./imds-associations.ts";
import { type Moto, startMoto } from "./moto.ts";
import { leaseMoto } from "./moto-pool.ts";
import { type SimProxy, startProxy, type ThrottleMode } from "./proxy.ts";
import { buildClassicTopology, type Topology } from "./topology.ts";

/** A whole local region: moto behind the proxy, the classic topology, and one IMDS per node. */
export interface Region {
  readonly moto: Moto;
  readonly proxy: SimProxy;
  readonly topology: Topology;
  readonly imds: Readonly<Record<NodeName, Imds>>;
  /**
   * An EC2 client that reads the truth: moto as EC2 answers (through a second proxy of its own), with no lag,
   * no entry in `proxy.log`, no throttling and no fault. For what a test or harness asserts after the product
   * acted, never for the product itself.
   */
  readonly truth: EC2Client;
  /** SDK variables for an actor named `client` (its access key id); with `node`, also that node's IMDS. */
  env(client: string, node?: NodeName): Record<string, string>;
  /** An EC2 client through the proxy, identified as `client` in the request log. */
  ec2(client: string): EC2Client;
  ssm(client: string): SSMClient;
  /** An EventBridge client through the proxy: what it puts shows on `proxy.bus`. */
  events(client: string): EventBridgeClient;
  /** A CloudWatch client through the proxy (moto keeps the alarms), identified as `client`. */
  cloudwatch(client: string): CloudWatchClient;
  /**
   * Drops the requests a fault still holds (they never land in the new world or its log), empties moto, rebuilds
   * the topology, clears the log and faults, closes open lag windows and shows each IMDS its current associations
   * (throttling and the lag ranges stay as set).
   */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** How {@link startRegion} sets the region up. */
export interface RegionOptions {
  /** EC2 throttling (default off). */
  readonly throttling?: ThrottleMode;
  /**
   * EC2's read-after-write lag at the proxy (see {@link SimProxy.setConsistency}); default {@link DEFAULT_LAG},
   * as on AWS. NO_LAG only for a test that needs exact reads, saying why.
   */
  readonly consistency?: LagRange;
  /**
   * How far each node's IMDS shows a change of its Elastic IPs behind EC2, drawn per change; default
   * {@link DEFAULT_LAG}.
   */
  readonly imdsLag?: LagRange;
}

/**
 * Starts moto, the proxy in front of it, the classic topology and each node's IMDS. Reads lag writes by
 * default, in EC2 and in IMDS, as on AWS: assert on `truth`, not on a read through the proxy.
 *
 * @example
 * const region = await startRegion({ throttling: { kind: "documented" } });
 * spawn("dist/agent/eip", ["monitor"], { env: { ...process.env, ...region.env("nodeB", "B") } });
 */
export async function startRegion(options: RegionOptions = {}): Promise<Region> {
  const moto = (await leaseMoto()) ?? (await startMoto());
  const proxy = await startProxy({
    target: moto.endpoint,
    throttling: options.throttling ?? { kind: "off" },
    consistency: options.consistency ?? DEFAULT_LAG,
  });
  const exact = await startProxy({ target: moto.endpoint });
  // Building the topology is setup, not what is tested: on a busy machine moto's first RunInstances alone can
  // outlast the product's 5 s request timeout, so this client waits as long as a test hook may.
  const admin = simEc2(moto.endpoint, {
    connectionTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    credentials: creds("admin"),
  });
  const imds = {} as Record<NodeName, Imds>;
  let topology: Topology;
  try {
    topology = await buildClassicTopology(admin);
    for (const name of Object.keys(NODES) as NodeName[])
      imds[name] = await startImds(identityOf(topology.nodes[name]), {
        associations: motoAssociations(admin),
        associationLag: options.imdsLag ?? DEFAULT_LAG,
      });
  } catch (error) {
    // Nobody else can stop what was started so far: a failed start must not leave moto running.
    admin.destroy();
    for (const server of Object.values(imds)) await server.stop();
    await exact.stop();
    await proxy.stop();
    await moto.stop();
    throw error;
  }
  const truth = simEc2(exact.endpoint, { requestTimeoutMs: 60_000, credentials: creds("truth") });
  const clients: { destroy(): void }[] = [admin, truth];

  return {
    moto,
    proxy,
    get topology() {
      return topology;
    },
    imds,
    truth,
    env(client, node) {
      return {
        ...simEnv(proxy.endpoint),
        AWS_ACCESS_KEY_ID: client,
        ...(node
          ? { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds[node].endpoint, AWS_EC2_METADATA_DISABLED: "false" }
          : {}),
      };
    },
    ec2(client) {
      // The sim's actors (console, auditor, another node) wait for moto as long as a test may; a caller's
      // own deadline still cuts a call sooner.
      const ec2 = simEc2(proxy.endpoint, { requestTimeoutMs: 60_000, credentials: creds(client) });
      clients.push(ec2);
      return ec2;
    },
    ssm(client) {
      const ssm = new SSMClient({ region: REGION, endpoint: proxy.endpoint, credentials: creds(client) });
      clients.push(ssm);
      return ssm;
    },
    events(client) {
      const events = new EventBridgeClient({
        region: REGION,
        endpoint: proxy.endpoint,
        credentials: creds(client),
      });
      clients.push(events);
      return events;
    },
    cloudwatch(client) {
      const cloudwatch = new CloudWatchClient({
        region: REGION,
        endpoint: proxy.endpoint,
        credentials: creds(client),
        maxAttempts: 1,
      });
      clients.push(cloudwatch);
      return cloudwatch;
    },
    async reset() {
      proxy.dropHeld();
      await moto.reset();
      topology = await buildClassicTopology(admin);
      for (const name of Object.keys(NODES) as NodeName[]) {
        imds[name].setIdentity(identityOf(topology.nodes[name]));
        imds[name].setFault({ kind: "none" });
      }
      proxy.settle();
      proxy.log.clear();
      proxy.bus.clear();
      proxy.setFaults([]);
      proxy.setImpaired([]);
    },
    async stop() {
      for (const c of clients) c.destroy();
      for (const name of Object.keys(NODES) as NodeName[]) await imds[name].stop();
      await exact.stop();
      await proxy.stop();
      await moto.stop();
    },
  };
}

/**
 * Each node's IMDS reads its interface's Elastic IPs from moto directly (`admin` must not go through the proxy),
 * so they cost no call in the proxy log.
 */
export function motoAssociations(admin: EC2Client): AssociationSource {
  return async (networkInterfaceId) => {
    const out = await admin.send(
      new DescribeAddressesCommand({
        Filters: [{ Name: "network-interface-id", Values: [networkInterfaceId] }],
      }),
    );
    return (out.Addresses ?? []).flatMap((a) =>
      a.PublicIp && a.PrivateIpAddress && a.NetworkInterfaceId === networkInterfaceId
        ? [{ publicIp: a.PublicIp, privateIp: a.PrivateIpAddress }]
        : [],
    );
  };
}

function creds(client: string) {
  return { accessKeyId: client, secretAccessKey: "testing" };
}
