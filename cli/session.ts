import { REGION } from "../sim/constants.ts";
import type { Region } from "../sim/region.ts";
import { type AwsClients, embeddedClients, liveClients } from "./clients.ts";
import { onEmbeddedRegion } from "./embedded.ts";
import { UsageError } from "./errors.ts";
import { embeddedInvoke, type Invoke, liveInvoke } from "./invoke.ts";
import { DEFAULT_STACK } from "./stack/constants.ts";
import { discoverStack } from "./stack/discover.ts";
import type { StackResources } from "./stack/types.ts";
import type { Io } from "./types.ts";
import type { Where } from "./where.ts";

/** Everything a command needs to look at one deployment, embedded or live. */
export interface Session {
  /** "the embedded region" or "ap-northeast-1, stack eip-failover-dev", for notes to people. */
  readonly description: string;
  readonly clients: AwsClients;
  readonly stack: StackResources;
  /** The embedded region; undefined with --live. */
  readonly sim?: Region;
  /** Invokes the stack's controller directly (in-process on the embedded region). */
  readonly invoke: Invoke;
}

/** The Region the credential chain resolved, or a UsageError saying how to give one. */
async function resolvedRegion(clients: AwsClients): Promise<string> {
  try {
    return await clients.ec2.config.region();
  } catch {
    throw new UsageError("no AWS Region: pass --region NAME (e.g. ap-northeast-1) or set AWS_REGION");
  }
}

/**
 * A session on an embedded (or test's) region, as caller `client`: the stack found through the proxy like
 * any account's, the controller run in-process.
 */
export async function embeddedSession(sim: Region, client: string): Promise<Session> {
  const clients = embeddedClients(sim, client);
  const stack = await discoverStack(clients.cloudformation, DEFAULT_STACK, REGION);
  return { description: "the embedded region", clients, stack, sim, invoke: embeddedInvoke(sim) };
}

/**
 * Runs `work` against the deployment `where` names, as caller `client` (the proxy log's name for it on the
 * embedded region): with --live, the account the credential chain reaches and the stack found through
 * CloudFormation; otherwise a fresh embedded region, deployed as a correct setup, stopped afterwards.
 *
 * @example
 * return withSession(io, options.where, "doctor", (session) => doctorOf(session, options));
 */
export async function withSession<T>(
  io: Io,
  where: Where,
  client: string,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  if (!where.live) return onEmbeddedRegion(io, async (sim) => work(await embeddedSession(sim, client)));
  const clients = liveClients(where.region);
  try {
    const region = await resolvedRegion(clients);
    const stack = await discoverStack(clients.cloudformation, where.stack, region);
    const invoke: Invoke = (payload) => {
      if (!stack.functionName) throw new Error(`stack ${stack.stackName} has no controller function`);
      return liveInvoke(clients.lambda, stack.functionName)(payload);
    };
    return await work({ description: `${region}, stack ${stack.stackName}`, clients, stack, invoke });
  } finally {
    clients.destroy();
  }
}
