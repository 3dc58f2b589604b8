/**
 * The tag that binds a resource to a cluster: addresses, instances and their network interfaces carry
 * `eip-failover:cluster=<name>`, and every IAM condition of the stack compares it (ABAC).
 */
export const CLUSTER_TAG_KEY = "eip-failover:cluster";
