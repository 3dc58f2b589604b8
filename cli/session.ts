import { REGION } from "../sim/constants.ts";
import type { Region } from "../sim/region.ts";
import { type AwsClients, embeddedClients, liveClients } from "./clients.ts";
import { onEmbeddedRegion } from "./embedded.ts";
import { NoAccount } from "./errors.ts";
import { embeddedInvoke, type Invoke, liveInvoke } from "./invoke.ts";
import { EMBEDDED_SOURCE, type Source, sourceText } from "./source.ts";
import { DEFAULT_STACK } from "./stack/constants.ts";
import { discoverStack } from "./stack/discover.ts";
import type { StackResources } from "./stack/types.ts";
import type { Io } from "./types.ts";
import type { Where } from "./where.ts";

/** Everything a command needs to look at one deployment, embedded or live. */
export interface Session {
  /** Where the command looks: the first line of its human output, `source` in its JSON. */
  readonly source: Source;
  /** {@link source} in words ("account 1234…, Region ap-northeast-1, stack eip-failover-dev"). */
  readonly description: string;
  readonly clients: AwsClients;
  readonly stack: StackResources;
  /** The embedded region; undefined with --live. */
  readonly sim?: Region;
  /** Invokes the stack's controller directly (in-process on the embedded region). */
  readonly invoke: Invoke;
}

/**
 * The account the standard chain reaches, before anything is read: its credentials, then its Region.
 *
 * @throws NoAccount in one line saying which is missing and how to give it.
 */
async function reachAccount(clients: AwsClients): Promise<string> {
  try {
    await clients.ec2.config.credentials();
  } catch {
    throw new NoAccount(
      "no AWS credentials found by the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, an instance role): nothing was looked at (--embedded looks at the embedded region instead)",
    );
  }
  try {
    return await clients.ec2.config.region();
  } catch {
    throw new NoAccount(
      "no AWS Region: pass --region NAME (e.g. ap-northeast-1) or set AWS_REGION; nothing was looked at",
    );
  }
}

/**
 * A session on an embedded (or test's) region, as caller `client`: the stack found through the proxy like
 * any account's, the controller run in-process.
 */
export async function embeddedSession(sim: Region, client: string): Promise<Session> {
  const clients = embeddedClients(sim, client);
  const stack = await discoverStack(clients.cloudformation, DEFAULT_STACK, REGION);
  const source = EMBEDDED_SOURCE;
  return { source, description: sourceText(source), clients, stack, sim, invoke: embeddedInvoke(sim) };
}

/**
 * Runs `work` against the deployment `where` names, as caller `client` (the proxy log's name for it on the
 * embedded region): a real account, the one the credential chain reaches, and the stack found through
 * CloudFormation; or a fresh embedded region, deployed as a correct setup, stopped afterwards.
 *
 * @throws NoAccount when the chain finds no credentials or no Region (nothing is looked at).
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
    const region = await reachAccount(clients);
    const stack = await discoverStack(clients.cloudformation, where.stack, region);
    const invoke: Invoke = (payload) => {
      if (!stack.functionName) throw new Error(`stack ${stack.stackName} has no controller function`);
      return liveInvoke(clients.lambda, stack.functionName)(payload);
    };
    const source: Source = { kind: "account", account: stack.account, region, stack: stack.stackName };
    return await work({ source, description: sourceText(source), clients, stack, invoke });
  } finally {
    clients.destroy();
  }
}
