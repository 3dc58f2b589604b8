// Covered by test/integration/agent/identity.test.ts and exit-codes.test.ts (both agents' network halves, against sim/).
import { readFileSync } from "node:fs";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { createEc2Client } from "../../core/client.ts";
import { type Deadline, deadlineIn } from "../../core/deadline.ts";
import { budgetMs, type OcfConfig } from "./config.ts";
import { resolveCredentials } from "./credentials.ts";
import { ec2Endpoint, type QueryTarget } from "./ec2-query.ts";
import { cachePath } from "./environment.ts";
import { type Identity, loadIdentity } from "./identity.ts";
import { type ImdsSession, openImds } from "./imds.ts";
import { keySource } from "./keys.ts";

// The network half's edge, the same for both agents: the operation's deadline, this node's identity, and an EC2
// client made on first use whose credentials resolve inside the deadline.

/** The operation's deadline: its timeout less the safety margin ({@link budgetMs}). */
export const deadlineOf = (config: Pick<OcfConfig, "timeoutMs">): Deadline =>
  deadlineIn(budgetMs(config.timeoutMs));

/** A shared file's text, undefined when it is not there (or cannot be read): the SDK's chain then looks on. */
function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The user's home directory as the OS names it (node:os is loaded only when HOME is unset). */
const home = () => process.getBuiltinModule("node:os").homedir();

/** This node as an AWS client: who it is, and how it reaches EC2 and IMDSv2. */
export interface AwsEdge {
  readonly identity: Identity;
  /** true: the identity came from the HA_RSCTMP cache, no IMDS call. */
  readonly cached: boolean;
  /** The EC2 client, made on first use: an action answered without EC2 never loads the SDK (the build serves it lazily). */
  ec2(): EC2Client;
  /** Resolves the client's credentials inside the deadline, before its first call (credentials.ts). */
  credentials(): Promise<void>;
  /** Opens an IMDSv2 session. */
  imds(): Promise<ImdsSession>;
  /**
   * EC2 without the SDK (./ec2-query.ts), where the SDK would use the same endpoint and keys this process finds
   * itself (./keys.ts); undefined: only the SDK's client can ask EC2 as the SDK would.
   */
  query(): QueryTarget | undefined;
  /** Each EC2 request's timeout. */
  readonly requestTimeoutMs: number;
}

/**
 * Loads this node's identity (the HA_RSCTMP cache, else IMDSv2) and prepares the EC2 client for the configured
 * Region, else this instance's. The endpoint, profile and credentials come from the SDK's standard variables and
 * default chain.
 *
 * @param interfaceId a configured interface the cached identity must know of (else IMDS is asked again).
 * @example
 * const aws = await openAws(config, deadline); await aws.credentials(); await aws.ec2().send(…);
 */
export async function openAws(config: OcfConfig, deadline: Deadline, interfaceId?: string): Promise<AwsEdge> {
  const imdsTimeoutMs = Math.max(100, Math.min(2_000, deadline.remaining() / 3));
  const { identity, cached } = await loadIdentity({
    cachePath: cachePath(config.rscTmp, config.resource, "identity"),
    endpoint: config.imdsEndpoint,
    timeoutMs: imdsTimeoutMs,
    interfaceId,
  });
  const region = config.region ?? identity.region;
  const requestTimeoutMs = Math.max(1_000, Math.min(10_000, deadline.remaining()));
  let client: EC2Client | undefined;
  const ec2 = () => (client ??= createEc2Client({ region, connectionTimeoutMs: 1_000, requestTimeoutMs }));
  const imds = () => openImds(config.imdsEndpoint, imdsTimeoutMs);
  let target: { readonly is: QueryTarget | undefined } | undefined;
  const query = () => {
    if (!target) {
      const endpoint = ec2Endpoint(process.env, region);
      const keys = endpoint && keySource({ env: process.env, read: readIfThere, home, imds });
      target = { is: endpoint && keys ? { endpoint, region, keys } : undefined };
    }
    return target.is;
  };
  return {
    identity,
    cached,
    ec2,
    credentials: () => resolveCredentials(ec2(), deadline),
    imds,
    query,
    requestTimeoutMs,
  };
}
