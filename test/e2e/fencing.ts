import type { Cluster, Node } from "./cluster.ts";
import { BOOT_MS } from "./power.ts";

/**
 * Seconds of `priority-fencing-delay`: a fence aimed at the node that runs the higher-priority resource (vip, with
 * `priority=10`) waits this long, so in a two-node partition the holder fences its peer first and keeps the
 * address (Pacemaker's documented tie-break, deterministic where `pcmk_delay_max` is a random draw). It is also
 * what a crash of the holder costs before its peer fences it.
 */
export const PRIORITY_FENCING_DELAY_S = 5;

/**
 * The pcs lines that turn STONITH on with fence_aws, for nodes named nodeA, nodeB[, nodeC] whose instance ids
 * `instances` gives (the README shows them with example ids). fence_aws uses the instance role (no keys) and the
 * Region named here; `power_timeout`, `pcmk_reboot_timeout` and `pcmk_reboot_retries` are Red Hat's values for
 * AWS; the default stonith action is reboot (stop, wait until stopped, start).
 *
 * @example
 * fencingPcs({ nodeA: "i-0123456789abcdef0", nodeB: "i-0fedcba9876543210" }, "ap-northeast-1")
 */
export function fencingPcs(instances: Readonly<Record<string, string>>, region: string): string[] {
  const hostMap = Object.entries(instances)
    .map(([node, id]) => `${node}:${id}`)
    .join(";");
  return [
    `pcs stonith create fence-aws fence_aws region=${region} pcmk_host_map="${hostMap}" power_timeout=240 pcmk_reboot_timeout=480 pcmk_reboot_retries=4 op monitor interval=60s`,
    "pcs resource meta vip priority=10",
    `pcs property set stonith-enabled=true priority-fencing-delay=${PRIORITY_FENCING_DELAY_S}s`,
  ];
}

/** The lines as the README shows them: example instance ids and Region. */
export const README_FENCING_PCS = fencingPcs(
  { nodeA: "i-0123456789abcdef0", nodeB: "i-0fedcba9876543210" },
  "ap-northeast-1",
);

/**
 * Runs {@link fencingPcs} for the cluster's own instances with the real `pcs` on node A, as an operator would:
 * `pcs -f` on a copy of the live CIB, then `pcs cluster cib-push … diff-against=…`. Waits until fence-aws runs.
 */
export async function configureFencing(cluster: Cluster): Promise<string[]> {
  const instances = Object.fromEntries(
    cluster.nodes.map((n: Node) => [`node${n}`, cluster.topology.nodes[n].instanceId]),
  );
  const lines = fencingPcs(instances, "ap-northeast-1");
  const orig = `${cluster.base}/cib-orig.xml`;
  const next = `${cluster.base}/cib-fencing.xml`;
  const step = async (script: string) => {
    const out = await cluster.on("A", "sh", "-c", script);
    if (out.code !== 0) throw new Error(`'${script}' on node A: exit ${out.code}: ${out.stderr}`);
  };
  await step(`cibadmin -Q > ${orig} && cp ${orig} ${next}`);
  for (const line of lines) await step(line.replace(/^pcs /, `pcs -f ${next} `));
  await step(`pcs cluster cib-push ${next} diff-against=${orig}`);
  await cluster.until(
    async () => /fence-aws\s.*Started/.test((await cluster.on("A", "crm_mon", "-1")).stdout),
    60_000,
    "fence-aws Started",
    500,
  );
  return lines;
}

/** What the fencing scenarios ran beyond README step 6, for their results file (bench/results/e2e-fencing.md). */
export function fencingNote(): string {
  return `
Fencing: on top of README step 6 (its \`stonith-enabled=false\` replaced), the real \`pcs\` 0.11 ran these lines on node A
(\`pcs -f\` on a copy of the CIB, then \`pcs cluster cib-push … diff-against=…\`), with the sim's instance ids:

\`\`\`sh
${README_FENCING_PCS.join("\n")}
\`\`\`

The distribution's \`/usr/sbin/fence_aws\` (fence-agents 4.12.1, boto3 1.26 / botocore 1.29), unchanged, called the
sim's EC2 at ec2.ap-northeast-1.amazonaws.com (each node's /etc/hosts, a CA made by openssl, AWS_CA_BUNDLE) with
its node's credentials. An instance stopped in the sim powers its node off at once; a start boots it ${BOOT_MS / 1000} s
later (EC2's pending plus an OS boot). "mutating" counts StopInstances and StartInstances too.
`;
}
