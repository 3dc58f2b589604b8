import { join } from "node:path";

/** The process environment as the agent receives it from pacemaker-execd. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Pacemaker's runtime directory for resource agents when HA_RSCTMP is unset. */
export const DEFAULT_RSCTMP = "/run/resource-agents";

/** Pacemaker's default prefix of the one exit-reason line. */
export const DEFAULT_EXIT_REASON_PREFIX = "ocf-exit-reason:";

/**
 * What the agent reads from its environment besides the resource's parameters. Reading it never fails, so the
 * log and exit-reason lines can name the resource even when the parameters are wrong.
 */
export interface AgentEnvironment {
  /** OCF_RESOURCE_INSTANCE, else "eip": for cache names and logs. */
  readonly resource: string;
  /** OCF_EXIT_REASON_PREFIX, else {@link DEFAULT_EXIT_REASON_PREFIX}. */
  readonly exitReasonPrefix: string;
  /** HA_RSCTMP (tmpfs, cleared at boot), else {@link DEFAULT_RSCTMP}: where identity is cached. */
  readonly rscTmp: string;
  /** AWS_EC2_METADATA_SERVICE_ENDPOINT; undefined: IMDS's link-local address. */
  readonly imdsEndpoint?: string;
  /** AWS_REGION, else AWS_DEFAULT_REGION; undefined when neither is set. */
  readonly awsRegion?: string;
}

/**
 * The one reader of the agent's environment (the resource's parameters are read by `parseConfig`, which
 * builds on this). Empty values count as unset.
 *
 * @example
 * readEnvironment({ OCF_RESOURCE_INSTANCE: "vip", HA_RSCTMP: "/run/resource-agents" }).resource // "vip"
 */
export function readEnvironment(env: Env): AgentEnvironment {
  const imdsEndpoint = env.AWS_EC2_METADATA_SERVICE_ENDPOINT || undefined;
  const awsRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return {
    resource: env.OCF_RESOURCE_INSTANCE || "eip",
    exitReasonPrefix: env.OCF_EXIT_REASON_PREFIX || DEFAULT_EXIT_REASON_PREFIX,
    rscTmp: env.HA_RSCTMP || DEFAULT_RSCTMP,
    ...(imdsEndpoint ? { imdsEndpoint } : {}),
    ...(awsRegion ? { awsRegion } : {}),
  };
}

/**
 * Where `what` (the node's identity, the address's public IP, what its start changed) is kept for `resource`
 * under `rscTmp`; the resource name is made safe for a file name.
 *
 * @example
 * cachePath("/run/resource-agents", "vip:1", "identity") // "/run/resource-agents/eip-failover-vip_1.identity.json"
 */
export function cachePath(
  rscTmp: string,
  resource: string,
  what: "identity" | "address" | "written",
): string {
  return join(rscTmp, `eip-failover-${resource.replace(/[^\w.-]/g, "_")}.${what}.json`);
}
