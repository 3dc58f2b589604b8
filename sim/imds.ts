import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { LagRange } from "./consistency.ts";
import { REGION } from "./constants.ts";
import {
  type AssociationSource,
  type ImdsAssociation,
  laggedAssociations,
  watchAssociations,
} from "./imds-associations.ts";
import { listen } from "./listen.ts";
import type { SimNode } from "./topology.ts";

/** What one node's instance metadata says about it. */
export interface ImdsIdentity {
  readonly instanceId: string;
  readonly availabilityZone: string;
  readonly region: string;
  readonly macAddress: string;
  readonly privateIp: string;
  readonly networkInterfaceId: string;
}

/** Switchable misbehaviour, for fault tests. */
export type ImdsFault =
  | { readonly kind: "none" }
  | { readonly kind: "down" }
  | { readonly kind: "slow"; readonly delayMs: number }
  | { readonly kind: "unauthorized" };

/** One node's IMDSv2 server on its own port. */
export interface Imds {
  /** e.g. http://127.0.0.1:41235 */
  readonly endpoint: string;
  readonly port: number;
  setFault(fault: ImdsFault): void;
  /** Serves another node's data from now on (after the region is rebuilt). */
  setIdentity(identity: ImdsIdentity): void;
  /** Requests answered or refused so far (a "down" connection is not counted). */
  requestCount(): number;
  /** GETs that came without a token: IMDSv1 attempts, which a v2-only client never makes. */
  tokenlessRequests(): number;
  /**
   * How far behind EC2 a change of the interface's Elastic IPs shows (`public-ipv4s`, `ipv4-associations/`):
   * fixed milliseconds, or a range drawn from per change; 0 by default.
   */
  setAssociationLag(lag: number | LagRange): void;
  /** Shows the interface's current Elastic IPs from now on, as if the lag had passed. */
  catchUpAssociations(): Promise<void>;
  stop(): Promise<void>;
}

/** The identity IMDS serves for a node of the sim's topology. */
export function identityOf(node: SimNode, region: string = REGION): ImdsIdentity {
  return {
    instanceId: node.instanceId,
    availabilityZone: node.availabilityZone,
    region,
    macAddress: node.macAddress,
    privateIp: node.privateIp,
    networkInterfaceId: node.networkInterfaceId,
  };
}

const MAX_TTL = 21_600;

/** The instance profile's role every sim node carries, as `sls deploy` attaches one to real nodes. */
export const NODE_ROLE = "eip-failover-node";

/**
 * The role's temporary credentials as IMDS serves them. The access key id names the instance, so the
 * proxy's request log tells the nodes apart when they call with their role, not with keys.
 */
function roleCredentials(id: ImdsIdentity, now: number): string {
  // IMDS writes whole seconds: 2026-11-26T09:49:17Z
  const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return JSON.stringify({
    Code: "Success",
    LastUpdated: seconds(now),
    Type: "AWS-HMAC",
    AccessKeyId: `role-${id.instanceId}`,
    SecretAccessKey: "sim-role-secret",
    Token: `sim-role-token-${id.instanceId}`,
    Expiration: seconds(now + MAX_TTL * 1000),
  });
}

interface Token {
  readonly expiresAt: number;
}

/** The metadata tree as path → text; directories list their children one per line, as IMDS does. */
export function metadataTree(id: ImdsIdentity, now: number = Date.now()): Map<string, string> {
  const mac = id.macAddress;
  const macBase = `network/interfaces/macs/${mac}`;
  const leaves: Record<string, string> = {
    "instance-id": id.instanceId,
    "placement/availability-zone": id.availabilityZone,
    "placement/region": id.region,
    mac,
    "local-ipv4": id.privateIp,
    [`${macBase}/interface-id`]: id.networkInterfaceId,
    [`${macBase}/local-ipv4s`]: id.privateIp,
    [`${macBase}/mac`]: mac,
    [`${macBase}/device-number`]: "0",
    [`iam/security-credentials/${NODE_ROLE}`]: roleCredentials(id, now),
  };
  const tree = new Map<string, string>();
  for (const [path, value] of Object.entries(leaves)) {
    tree.set(path, value);
    const parts = path.split("/");
    for (let i = parts.length - 1; i >= 0; i--) {
      const dir = parts.slice(0, i).join("/");
      const child = i === parts.length - 1 ? parts[i]! : `${parts[i]}/`;
      const key = dir ? `${dir}/` : "";
      const listing = new Set((tree.get(key) ?? "").split("\n").filter(Boolean));
      listing.add(child);
      tree.set(key, [...listing].join("\n"));
    }
  }
  return tree;
}

/**
 * The Elastic IP keys of the node's interface, as IMDS serves them: `public-ipv4s` (one per line) and
 * `ipv4-associations/<public-ip>` (the private IP it maps to). Absent (404) when no address is associated.
 */
async function associationAnswer(
  id: ImdsIdentity,
  key: string,
  read: () => Promise<readonly ImdsAssociation[]>,
): Promise<string | undefined> {
  const macBase = `network/interfaces/macs/${id.macAddress}/`;
  const rest = key.startsWith(macBase) ? key.slice(macBase.length) : "";
  const listing = rest === "public-ipv4s" || rest === "ipv4-associations/";
  if (!listing && !rest.startsWith("ipv4-associations/")) return undefined;
  const associated = await read();
  if (associated.length === 0) return undefined;
  if (listing) return associated.map((a) => a.publicIp).join("\n");
  return associated.find((a) => a.publicIp === rest.slice("ipv4-associations/".length))?.privateIp;
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain", ...headers });
  res.end(body);
}

/**
 * Starts an IMDSv2 server for one node: tokens by `PUT /latest/api/token` (TTL 1..21600 s), every GET
 * requires a live token, and a PUT carrying X-Forwarded-For is refused, as on EC2.
 *
 * @example
 * const imds = await startImds(identityOf(topology.nodes.A));
 * process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
 */
export async function startImds(
  identity: ImdsIdentity,
  options: {
    host?: string;
    port?: number;
    clock?: () => number;
    /** The node's current associations; without it the node shows no Elastic IP. */
    associations?: AssociationSource;
    /** See {@link Imds.setAssociationLag}. */
    associationLagMs?: number;
    /** As `associationLagMs`, drawn per change from a range (this wins when both are given). */
    associationLag?: LagRange;
    /** Draws for the association lag, 0 ≤ x < 1 (default Math.random). */
    random?: () => number;
  } = {},
): Promise<Imds> {
  const clock = options.clock ?? Date.now;
  let current = identity;
  let tree = metadataTree(identity, clock());
  const associations = laggedAssociations(
    options.associations ?? (async () => []),
    () => current.networkInterfaceId,
    clock,
    options.associationLag ?? options.associationLagMs ?? 0,
    options.random,
  );
  const unwatch = watchAssociations(associations);
  const tokens = new Map<string, Token>();
  let fault: ImdsFault = { kind: "none" };
  let count = 0;
  let tokenless = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (fault.kind === "down") {
      req.socket.destroy();
      return;
    }
    count++;
    if (req.method === "GET" && !req.headers["x-aws-ec2-metadata-token"]) tokenless++;
    if (fault.kind === "slow") await sleep(fault.delayMs);
    if (fault.kind === "unauthorized") return reply(res, 401, "");
    // Clients join endpoint and path naively ("http://host/" + "/latest/…"); IMDS tolerates the doubled slash.
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/{2,}/g, "/");
    if (path === "/latest/api/token") {
      if (req.method !== "PUT") return reply(res, 405, "");
      if (req.headers["x-forwarded-for"]) return reply(res, 403, "");
      const ttl = Number(req.headers["x-aws-ec2-metadata-token-ttl-seconds"]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL) return reply(res, 400, "");
      const token = randomUUID();
      tokens.set(token, { expiresAt: clock() + ttl * 1000 });
      return reply(res, 200, token, { "x-aws-ec2-metadata-token-ttl-seconds": String(ttl) });
    }
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "");
    const token = tokens.get(String(req.headers["x-aws-ec2-metadata-token"] ?? ""));
    if (!token || token.expiresAt <= clock()) return reply(res, 401, "");
    const prefix = "/latest/meta-data/";
    if (!path.startsWith(prefix)) return reply(res, 404, "");
    const key = path.slice(prefix.length);
    const body = tree.get(key) ?? (await associationAnswer(current, key, associations.read));
    return body === undefined ? reply(res, 404, "") : reply(res, 200, body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, ""));
  });
  const listening = await listen(server, options.host, options.port);
  return {
    endpoint: listening.endpoint,
    port: listening.port,
    setFault(next) {
      fault = next;
      if (next.kind === "down") listening.dropConnections();
    },
    setIdentity(next) {
      current = next;
      tree = metadataTree(next, clock());
      tokens.clear();
      associations.forget();
    },
    requestCount: () => count,
    tokenlessRequests: () => tokenless,
    setAssociationLag: (lag) => associations.setLag(lag),
    catchUpAssociations: () => associations.catchUp(),
    stop: () => {
      unwatch();
      return listening.stop();
    },
  };
}
