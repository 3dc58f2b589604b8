/**
 * The agent's one declarative table: parameters and actions. Meta-data XML, OCF_RESKEY_* parsing and usage
 * are all generated from it, so they cannot drift apart. Names follow ClusterLabs `awseip` so a cluster can
 * switch agents by changing only the provider.
 */
export interface ParameterSpec {
  readonly name: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  /** true: part of the resource's identity (Pacemaker restarts the resource when it changes). */
  readonly unique: boolean;
}

export const PARAMETERS = [
  {
    name: "allocation_id",
    shortdesc: "Elastic IP allocation id",
    longdesc:
      "The allocation id of the Elastic IP (eipalloc-...). Give this or elastic_ip; both only if they name the same address.",
    unique: true,
  },
  {
    name: "elastic_ip",
    shortdesc: "Elastic IP public address",
    longdesc:
      "The public IPv4 address of the Elastic IP, as an alternative to allocation_id (one DescribeAddresses call resolves it).",
    unique: true,
  },
  {
    name: "private_ip_address",
    shortdesc: "Private IP to associate with",
    longdesc:
      "A private IPv4 address of the network interface to map the Elastic IP to. Default: the interface's primary private IP.",
    unique: false,
  },
  {
    name: "network_interface_id",
    shortdesc: "Network interface to associate with",
    longdesc:
      "The network interface (eni-...) of this instance to associate with. Default: the instance itself (its primary interface), as learned from IMDSv2.",
    unique: false,
  },
  {
    name: "region",
    shortdesc: "AWS Region",
    longdesc: "The Region of the Elastic IP. Default: AWS_REGION, else this instance's Region from IMDSv2.",
    unique: false,
  },
] as const satisfies readonly ParameterSpec[];
export type ParameterName = (typeof PARAMETERS)[number]["name"];

/** Advertised timeouts (seconds). Each leaves the retry loop its budget: the timeout minus the safety margin. */
export const ACTIONS = [
  { name: "start", timeout: 30 },
  { name: "stop", timeout: 30 },
  { name: "monitor", timeout: 20, interval: 10, depth: 0 },
  { name: "status", timeout: 20 },
  { name: "validate-all", timeout: 20 },
  { name: "meta-data", timeout: 5 },
] as const;
export type ActionName = (typeof ACTIONS)[number]["name"] | "usage" | "help";

/** Pacemaker's default when OCF_RESKEY_CRM_meta_timeout is absent (ms). */
export const DEFAULT_TIMEOUT_MS = 20_000;
