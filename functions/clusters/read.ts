import { GetParametersByPathCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { type Deadline, withRetry } from "../../core/index.ts";
import { type Cluster, type InvalidCluster, parseCluster } from "./schema.ts";

export interface ClusterConfig {
  readonly clusters: readonly Cluster[];
  readonly invalid: readonly InvalidCluster[];
}

/**
 * Reads every cluster document under `prefix` (paginated GetParametersByPath) and validates each one.
 * Each page is retried like an EC2 call: transient failures inside the deadline, nothing else.
 */
export async function readClusters(
  ssm: SSMClient,
  prefix: string,
  deadline: Deadline,
): Promise<ClusterConfig> {
  const clusters: Cluster[] = [];
  const invalid: InvalidCluster[] = [];
  let NextToken: string | undefined;
  do {
    const input = { Path: prefix, Recursive: true, WithDecryption: false, MaxResults: 10, NextToken };
    const page = await withRetry(
      (signal) => ssm.send(new GetParametersByPathCommand(input), { abortSignal: signal }),
      {
        deadline,
        context: { action: "GetParametersByPath" },
      },
    );
    for (const p of page.Parameters ?? []) {
      if (!p.Name) continue;
      const parsed = parseCluster(p.Name, p.Value ?? "");
      if ("cluster" in parsed) clusters.push(parsed.cluster);
      else invalid.push(parsed.invalid);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { clusters, invalid };
}

/**
 * A per-container cache of the cluster documents: one read per TTL however many events arrive, so a storm
 * of events costs SSM one paginated read, not one per event.
 */
export function clusterCache(
  read: (deadline: Deadline) => Promise<ClusterConfig>,
  ttlMs: number,
  clock: () => number = Date.now,
) {
  let value: { config: ClusterConfig; until: number } | undefined;
  let pending: Promise<ClusterConfig> | undefined;
  return async function get(deadline: Deadline): Promise<ClusterConfig> {
    if (value && clock() < value.until) return value.config;
    pending ??= read(deadline).then(
      (config) => {
        value = { config, until: clock() + ttlMs };
        pending = undefined;
        return config;
      },
      (error) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
