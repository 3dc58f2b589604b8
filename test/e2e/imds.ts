import { join } from "node:path";
import type { LagRange } from "../../sim/consistency.ts";
import type { SimNode } from "../../sim/topology.ts";

/**
 * The sim's IMDS for `node`, as its namespace's 169.254.169.254:80 serves it: the script and its arguments. With
 * `associations`, it lists the interface's Elastic IPs from moto through the AWS namespace's control API, each
 * change shown `lag` late (drawn per change).
 */
export function imdsArgs(node: SimNode, associations: boolean, lag: LagRange): string[] {
  return [
    join(import.meta.dirname, "../../sim/imds-main.ts"),
    ...["--instance-id", node.instanceId, "--az", node.availabilityZone, "--region", "ap-northeast-1"],
    ...["--mac", node.macAddress, "--private-ip", node.privateIp, "--eni", node.networkInterfaceId],
    ...["--host", "169.254.169.254", "--port", "80"],
    ...(associations ? ["--associations", "http://198.51.100.10:4567/associations"] : []),
    ...["--association-lag", `${lag.minMs}-${lag.maxMs}`],
  ];
}
