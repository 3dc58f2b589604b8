import { ID_EXAMPLES, ID_PATTERNS } from "../../core/ids.ts";
import {
  apiLagParameter,
  BOOLEAN_WORD,
  monapiParameter,
  type ParameterSpec,
  regionParameter,
} from "../ocf/parameters.ts";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * The eip agent's declarative table (ocf:eip-failover:eip). Names follow ClusterLabs `awseip` so a cluster can
 * switch agents by changing only the provider.
 */
export const PARAMETERS = [
  {
    name: "allocation_id",
    shortdesc: "Elastic IP allocation id",
    longdesc:
      "The allocation id of the Elastic IP (eipalloc-...). Give this or elastic_ip; both only if they name the same address.",
    unique: true,
    pattern: ID_PATTERNS.allocationId,
    example: ID_EXAMPLES.allocationId,
  },
  {
    name: "elastic_ip",
    shortdesc: "Elastic IP public address",
    longdesc:
      "The public IPv4 address of the Elastic IP, as an alternative to allocation_id (one DescribeAddresses call resolves it).",
    unique: true,
    pattern: IPV4,
    example: "203.0.113.10",
  },
  {
    name: "private_ip_address",
    shortdesc: "Private IP to associate with",
    longdesc:
      "A private IPv4 address of this node's network interface to map the Elastic IP to. Default: the interface's primary private IP.",
    unique: false,
    pattern: IPV4,
    example: "10.0.1.20",
  },
  {
    name: "network_interface_id",
    shortdesc: "Network interface to associate with",
    longdesc:
      "The network interface (eni-...) of this instance to associate with. Default: the instance itself, or its primary interface (from IMDSv2) when private_ip_address is given.",
    unique: false,
    pattern: ID_PATTERNS.networkInterfaceId,
    example: ID_EXAMPLES.networkInterfaceId,
  },
  regionParameter("the Elastic IP"),
  monapiParameter(
    "Ask EC2 on every recurring monitor",
    "false (default): a recurring monitor reads this node's Elastic IPs from IMDSv2 (network/interfaces/macs/MAC/public-ipv4s and ipv4-associations): local, no API call, no IAM. It asks EC2 (one DescribeAddresses) only when IMDS does not show the address, since IMDS can lag a few seconds behind an association just made, or does not answer. true: every recurring monitor also asks EC2, as probes, start, stop and validate-all always do. The trade-off: true costs one call per monitor from EC2's non-mutating bucket, shared by the whole account and Region (100 burst, 20 per second: about 200 clusters at a 10 s interval fill it), and while EC2 fails a monitor is still 0 only if IMDS shows the address; false may report the address here for a few seconds after another node took it outside Pacemaker, until IMDS catches up.",
  ),
  apiLagParameter(
    "How long, in seconds, EC2's DescribeAddresses (and IMDSv2's list of this node's Elastic IPs) may still show the address as it was before a change: EC2's API is eventually consistent and AWS gives no bound; awseip sleeps api_delay (3 s) after every change for it. This agent never sleeps after a change. It remembers its own last change under HA_RSCTMP: the association id its start's AssociateAddress answered, or the one its stop released. A read that does not show that change while it is younger than api_lag (the address elsewhere right after this node's start, or still here right after its stop), a recurring monitor's EC2 read that says elsewhere while IMDSv2 shows the address here, and a probe that finds the address here while this node made no change inside api_lag, are confirmed: the agent waits until api_lag has passed and reads once more, and the second read is the answer. When the operation's timeout leaves no room for that wait, the answer is this node's own change (running after its start, not running after its stop), else 0 (running, never 7 in doubt), and the log says it was not confirmed. start associates even when a read shows the address here (the read may lag; AWS may bill the repeat as a remap to the same node); stop disassociates by association id only (an id names one association, so a stale one cannot detach the new holder's), its own young association too when the read does not show it yet. Limits: a change that shows later than api_lag can still mislead one monitor or probe; a move away from this node inside api_lag after its own start is seen by the next monitor, not by a probe in that window. 0: reads are taken as exact (no confirmation; start spares the call when a read shows the address here). Default 5: the 20 s monitor and 30 s start and stop timeouts advertised below leave room for the wait and a second read.",
  ),
  {
    name: "release_on_stop",
    shortdesc: "Disassociate the address on every stop",
    longdesc:
      "false (default): stop gives the address back (DisassociateAddress) only when the resource is being stopped everywhere, that is when its target-role is Stopped (pcs resource disable, on the resource or its group): OCF_RESKEY_CRM_meta_target_role when given, else the CIB's effective value (crm_resource --meta --get-parameter target-role), since Pacemaker passes a stop no target-role. Any other stop (a move without allow-migrate, a node's standby or shutdown, the recovery of a resource found active on two nodes) makes no AWS call: the association stays until the next start, on whichever node, takes it over in one AssociateAddress (AllowReassociation), so the address never points nowhere while a live node could hold it. The node remembers under HA_RSCTMP that it stopped the resource (as after migrate_to), and its probes and monitors answer not running while that mark stands, even though EC2 and IMDSv2 still show the address here, until a start here clears it (a reboot clears HA_RSCTMP too); an association here newer than the one it kept (someone moved the address back since), read after api_lag, is reported as running. true: every stop disassociates what this node holds, as ocf:heartbeat:awseip's does.",
    unique: false,
    pattern: BOOLEAN_WORD,
    example: "true",
    type: "boolean",
    default: "false",
  },
] as const satisfies readonly ParameterSpec[];
export type ParameterName = (typeof PARAMETERS)[number]["name"];

/**
 * Accepted and ignored, so a resource switched from `ocf:heartbeat:awseip` keeps working: the CLI path and
 * its sleep are not needed, and credentials always come from the SDK's default chain (AWS_PROFILE honoured).
 * trace_ra/trace_file are resource-agents' generic tracing switches.
 */
export const IGNORED_PARAMETERS = ["awscli", "api_delay", "auth_type", "profile", "trace_ra", "trace_file"];
