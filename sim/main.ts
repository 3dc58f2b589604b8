// `npm run sim`: a local region with the classic topology, documented EC2 throttling and EC2's read-after-write
// lag (and IMDS's), for people to poke with the aws CLI. Ctrl-C stops moto, the proxy and the IMDS servers.
import { DEFAULT_LAG } from "./consistency.ts";
import { startRegion } from "./region.ts";

const region = await startRegion({ throttling: { kind: "documented" } });
const { nodes, eip, vpcId } = region.topology;
const env = region.env("you", "A");
console.log(`eip-failover sim: region ${env.AWS_REGION}, moto pid ${region.moto.pid}
  EC2/SSM endpoint (throttling, faults, log): ${region.proxy.endpoint}
    reads lag each change by ${DEFAULT_LAG.minMs}-${DEFAULT_LAG.maxMs} ms (IMDS too), as EC2's may
  moto (direct):                              ${region.moto.endpoint}
  VPC ${vpcId}
  node A ${nodes.A.instanceId} ${nodes.A.privateIp} ${nodes.A.availabilityZone}  IMDS ${region.imds.A.endpoint}
  node B ${nodes.B.instanceId} ${nodes.B.privateIp} ${nodes.B.availabilityZone}  IMDS ${region.imds.B.endpoint}
  EIP ${eip.publicIp} ${eip.allocationId} on node A

Paste into a shell (as node A):
${Object.entries(env)
  .map(([k, v]) => `export ${k}=${v}`)
  .join("\n")}

then e.g.: aws ec2 describe-addresses
Ctrl-C stops it all.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await region.stop();
  console.log("\nsim stopped");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
