// Runs one node's IMDS standalone, e.g. on 169.254.169.254:80 inside a network namespace (e2e, bench).
import { parseArgs } from "node:util";
import { parseLagRange } from "./consistency.ts";
import { startImds } from "./imds.ts";
import { httpAssociations } from "./imds-associations.ts";

const { values } = parseArgs({
  options: {
    "instance-id": { type: "string" },
    az: { type: "string" },
    region: { type: "string" },
    mac: { type: "string" },
    "private-ip": { type: "string" },
    eni: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    /** URL answering `?eni=ID` with the interface's Elastic IPs; without it the node shows none. */
    associations: { type: "string" },
    /** How far behind EC2 a change of the interface's Elastic IPs shows: MS or MIN-MAX (default 0). */
    "association-lag": { type: "string", default: "0" },
  },
});
const required = ["instance-id", "az", "region", "mac", "private-ip", "eni"] as const;
const missing = required.filter((k) => !values[k]);
if (missing.length) {
  console.error(`imds-main: missing ${missing.map((k) => `--${k}`).join(", ")}`);
  process.exit(2);
}
let associationLag: ReturnType<typeof parseLagRange>;
try {
  associationLag = parseLagRange(values["association-lag"]!);
} catch (error) {
  console.error(`imds-main: --association-lag: ${(error as Error).message}`);
  process.exit(2);
}
const imds = await startImds(
  {
    instanceId: values["instance-id"]!,
    availabilityZone: values.az!,
    region: values.region!,
    macAddress: values.mac!,
    privateIp: values["private-ip"]!,
    networkInterfaceId: values.eni!,
  },
  {
    host: values.host!,
    port: Number(values.port),
    associationLag,
    ...(values.associations ? { associations: httpAssociations(values.associations) } : {}),
  },
);
console.log(`imds listening on ${imds.endpoint}`);
const stop = () => imds.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
