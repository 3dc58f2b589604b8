import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Cluster, Node } from "./cluster.ts";
import { BOOT_MS } from "./power.ts";
import { type ClusterSettings, pacemakerSettings } from "./settings.ts";

/** The page that shows how to fence the cluster: the fencing scenarios run what it says. */
export const FENCING_DOC = join(import.meta.dirname, "../../docs/fencing.md");

/** The heading of the section whose first `sh` block is the fenced cluster's lines. */
export const FENCING_STEP = "## The lines (two nodes, Region ap-northeast-1)";

/** The fenced cluster as the page gives it: corosync's totem options, and the pcs lines that fence. */
export interface FencedCluster {
  /** `totem k=v` of its `pcs cluster setup` line, e.g. { token: "5000" }. */
  readonly totem: Readonly<Record<string, string>>;
  /** Every other line, in order (`pcs property set`, `pcs stonith create`, `pcs resource meta`). */
  readonly pcs: readonly string[];
  /** Seconds of its `priority-fencing-delay` (0 when it sets none). */
  readonly priorityFencingDelayS: number;
}

/**
 * Parses the fencing section's `sh` block in `markdown` (docs/fencing.md's form): continuations joined, comments
 * dropped. The setup line gives the totem options (the harness sets corosync up itself, from docs/pacemaker.md and
 * these); every other line must be a pcs line, which the harness runs with the real pcs. Throws naming what is
 * missing or unknown.
 */
export function parseFencedCluster(markdown: string): FencedCluster {
  const section = markdown.split(`\n${FENCING_STEP}\n`)[1]?.split(/\n## /)[0];
  if (section === undefined) throw new Error(`docs/fencing.md has no section '${FENCING_STEP}'`);
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`docs/fencing.md '${FENCING_STEP}' has no \`\`\`sh block`);
  const lines = block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const totem: Record<string, string> = {};
  const pcs: string[] = [];
  for (const line of lines) {
    const words = line.split(/\s+/);
    if (words.slice(0, 3).join(" ") === "pcs cluster setup") {
      const at = words.indexOf("totem");
      for (const w of at >= 0 ? words.slice(at + 1) : []) {
        const [k, v] = w.split("=");
        if (!k || v === undefined) throw new Error(`docs/fencing.md: expected totem key=value, got '${w}'`);
        totem[k] = v;
      }
    } else if (words[0] === "pcs") pcs.push(line);
    else throw new Error(`docs/fencing.md: the e2e suite runs pcs lines only, not '${line}'`);
  }
  const delay = /priority-fencing-delay=(\d+)s?\b/.exec(pcs.join("\n"))?.[1];
  return { totem, pcs, priorityFencingDelayS: Number(delay ?? 0) };
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

/** What the fencing scenarios ran beyond docs/pacemaker.md step 1, for their results file (bench/results/e2e-fencing.md). */
export function fencingNote(): string {
  return `
Fencing: on top of docs/pacemaker.md step 1 (its \`stonith-enabled=false\` replaced, corosync's totem as docs/fencing.md
sets it: ${JSON.stringify(fencedCluster().totem)}), the real \`pcs\` 0.11 ran docs/fencing.md's lines on node A (\`pcs -f\` on a
copy of the CIB, then \`pcs cluster cib-push … diff-against=…\`), with the sim's instance ids:

\`\`\`sh
${fencedCluster().pcs.join("\n")}
\`\`\`

The distribution's \`/usr/sbin/fence_aws\` (fence-agents 4.12.1, boto3 1.26 / botocore 1.29), unchanged, called the
sim's EC2 at ec2.ap-northeast-1.amazonaws.com (each node's /etc/hosts, a CA made by openssl, AWS_CA_BUNDLE) with
its node's credentials. An instance stopped in the sim powers its node off at once; a start boots it ${BOOT_MS / 1000} s
later (EC2's pending plus an OS boot). "mutating" counts StopInstances and StartInstances too.
`;
}

/** docs/pacemaker.md's cluster with corosync's totem as docs/fencing.md sets it for a fenced cluster. */
export function fencedSettings(): ClusterSettings {
  const base = pacemakerSettings();
  return { ...base, totem: { ...base.totem, ...fencedCluster().totem } };
}
