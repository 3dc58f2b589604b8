import { join } from "node:path";
import type { Cluster, Node } from "./cluster.ts";

const CLI = join(import.meta.dirname, "../../cli/eip-failover.mjs");

/**
 * Runs `eip-failover ARGS` on `node` as its operator would: inside its namespaces (its Pacemaker tools, its
 * network), with the AWS settings the node's agents have (node-inner.sh) and its own access key id ("move"), so
 * the proxy log names its calls apart from the agents'.
 */
export function eipFailoverOn(cluster: Cluster, node: Node, ...args: string[]) {
  return cluster.on(
    node,
    "env",
    "AWS_ENDPOINT_URL=http://198.51.100.10:4566",
    "AWS_REGION=ap-northeast-1",
    "AWS_ACCESS_KEY_ID=move",
    "AWS_SECRET_ACCESS_KEY=testing",
    process.execPath,
    CLI,
    ...args,
  );
}

/** The cluster's name as its nodes know it (the cluster-name property, from corosync's cluster_name). */
export async function clusterName(cluster: Cluster, node: Node): Promise<string> {
  const out = await cluster.on(
    node,
    "crm_attribute",
    "--type",
    "crm_config",
    "--name",
    "cluster-name",
    "--query",
    "--quiet",
  );
  return out.stdout.trim();
}
