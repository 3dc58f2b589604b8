/**
 * The tag the product's guide has an operator put on each cluster's resources (`eip-failover:cluster=<name>`):
 * the sim tags what it builds the way an operator would. test/unit/repo/sim-core-tables.test.ts fails when the
 * product's own key differs.
 */
export const CLUSTER_TAG_KEY = "eip-failover:cluster";
/** The classic topology of the original two-node recipe, as the sim builds it. */
export const REGION = "ap-northeast-1";
export const VPC_CIDR = "10.0.0.0/16";
export const DEFAULT_CLUSTER = "web";
export const NODES = {
  A: {
    name: "nodeA",
    availabilityZone: "ap-northeast-1a",
    subnetCidr: "10.0.0.0/24",
    privateIp: "10.0.0.20",
  },
  B: {
    name: "nodeB",
    availabilityZone: "ap-northeast-1c",
    subnetCidr: "10.0.1.0/24",
    privateIp: "10.0.1.20",
  },
} as const;
export type NodeName = keyof typeof NODES;

/** The overlay IP: outside the VPC's CIDR, routed in both subnets' route tables to node A's interface. */
export const OVERLAY_DESTINATION = "192.168.100.10/32";

/** Dummy credentials: moto accepts any; real ones must never be needed by tests. */
export const DUMMY_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

/** moto launches any well-formed image id; listing its 1,200 stock images would cost a second per topology. */
export const SIM_IMAGE_ID = "ami-0123456789abcdef0";
