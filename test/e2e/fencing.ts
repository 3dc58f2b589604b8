import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Cluster, Node } from "./cluster.ts";
import { BOOT_MS } from "./power.ts";
import { type ClusterSettings, pacemakerSettings, pcsLines, setupLine } from "./settings.ts";

/** The page that shows how to fence the cluster: the fencing scenarios run what it says. */
export const FENCING_DOC = join(import.meta.dirname, "../../docs/fencing.md");

/** The heading of the section whose first `sh` block is the fenced cluster's lines. */
export const FENCING_STEP = "## The lines (two nodes, Region ap-northeast-1)";

/** The fenced cluster as the page gives it: its `pcs cluster setup` line, and the pcs lines that fence. */
export interface FencedCluster {
  /** Its `pcs cluster setup …` line (the token for a fenced cluster), which replaces docs/pacemaker.md step 1's. */
  readonly setup: string;
  /** Every other line, in order (`pcs property set`, `pcs stonith create`, `pcs resource meta`). */
  readonly pcs: readonly string[];
  /** Seconds of its `priority-fencing-delay` (0 when it sets none). */
  readonly priorityFencingDelayS: number;
}

/**
 * The fencing section's pcs lines in `markdown` (docs/fencing.md's form), continuations joined, comments dropped: the
 * setup line apart (the harness runs it with `--corosync_conf`, settings.ts), the rest for the running cluster.
 * Throws naming what is missing, or a line that is not a pcs line.
 */
export function parseFencedCluster(markdown: string): FencedCluster {
  const section = markdown.split(`\n${FENCING_STEP}\n`)[1]?.split(/\n## /)[0];
  if (section === undefined) throw new Error(`docs/fencing.md has no section '${FENCING_STEP}'`);
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`docs/fencing.md '${FENCING_STEP}' has no \`\`\`sh block`);
  const lines = pcsLines(block, "docs/fencing.md");
  const setup = setupLine(lines);
  const pcs = lines.filter((l) => l !== setup);
  const delay = /priority-fencing-delay=(\d+)s?\b/.exec(pcs.join("\n"))?.[1];
  return { setup, pcs, priorityFencingDelayS: Number(delay ?? 0) };
}

/** The fenced cluster docs/fencing.md shows. */
export const fencedCluster = (): FencedCluster => parseFencedCluster(readFileSync(FENCING_DOC, "utf8"));

/**
 * The page's pcs lines for nodes named nodeA, nodeB[, nodeC] whose instance ids `instances` gives, in `region`:
 * its example `pcmk_host_map` and `region` replaced, nothing else touched.
 *
 * @example
 * forInstances(fencedCluster().pcs, { nodeA: "i-0123456789abcdef0", nodeB: "i-0fedcba9876543210" }, "ap-northeast-1")
 */
export function forInstances(
  lines: readonly string[],
  instances: Readonly<Record<string, string>>,
  region: string,
): string[] {
  const hostMap = Object.entries(instances)
    .map(([node, id]) => `${node}:${id}`)
    .join(";");
  return lines.map((line) =>
    line
      .replace(/pcmk_host_map="[^"]*"/, `pcmk_host_map="${hostMap}"`)
      .replace(/\bregion=\S+/, `region=${region}`),
  );
}

/**
 * Runs the page's pcs lines for the cluster's own instances with the real `pcs` on node A, as an operator would:
 * `pcs -f` on a copy of the live CIB, then `pcs cluster cib-push … diff-against=…`. Waits until fence-aws runs.
 */
export async function configureFencing(cluster: Cluster): Promise<string[]> {
  const instances = Object.fromEntries(
    cluster.nodes.map((n: Node) => [`node${n}`, cluster.topology.nodes[n].instanceId]),
  );
  const lines = forInstances(fencedCluster().pcs, instances, "ap-northeast-1");
  await cluster.pcs(lines, "fencing");
  await cluster.until(
    async () => /fence-aws\s.*Started/.test((await cluster.on("A", "crm_mon", "-1")).stdout),
    60_000,
    "fence-aws Started",
    500,
  );
  return lines;
}

/** What the fencing scenarios ran beyond docs/pacemaker.md step 1, for their results file (bench/results/e2e-fencing.md). */
export function fencingNote(): string {
  return `
Fencing: docs/pacemaker.md step 1 with docs/fencing.md's setup line (\`${fencedCluster().setup}\`), all run by the
real \`pcs\` 0.11 as for every e2e cluster (corosync.conf by \`--corosync_conf\`, the CIB by \`pcs -f\`); then
docs/fencing.md's other lines on node A (\`pcs -f\` on a copy of the CIB, then \`pcs cluster cib-push … diff-against=…\`),
its \`stonith-enabled=false\` replaced, with the sim's instance ids:

\`\`\`sh
${fencedCluster().pcs.join("\n")}
\`\`\`

The distribution's \`/usr/sbin/fence_aws\` (fence-agents 4.12.1, boto3 1.26 / botocore 1.29), unchanged, called the
sim's EC2 at ec2.ap-northeast-1.amazonaws.com (each node's /etc/hosts, a CA made by openssl, AWS_CA_BUNDLE) with
its node's credentials. An instance stopped in the sim powers its node off at once; a start boots it ${BOOT_MS / 1000} s
later (EC2's pending plus an OS boot). "mutating" counts StopInstances and StartInstances too.
`;
}

/** docs/pacemaker.md's cluster with docs/fencing.md's `pcs cluster setup` line (corosync's token for a fenced cluster). */
export function fencedSettings(): ClusterSettings {
  const { setup } = fencedCluster();
  return { lines: pacemakerSettings().lines.map((l) => (l.startsWith("pcs cluster setup ") ? setup : l)) };
}
