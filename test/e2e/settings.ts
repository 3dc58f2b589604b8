import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * docs/pacemaker.md step 1 (Deploy step 6) as the e2e suite runs it: its commands, one per line, which the harness
 * hands to the real `pcs` (cluster.ts), so pcs, not the suite, decides what they mean.
 */
export interface ClusterSettings {
  /** The block's commands, continuations joined and comments dropped, in order; every one a `pcs` line. */
  readonly lines: readonly string[];
}

/** The page that shows how to set up the cluster: the suite runs what it says. */
export const PACEMAKER_DOC = join(import.meta.dirname, "../../docs/pacemaker.md");

/** The heading of the step whose first `sh` block is the cluster's setup. */
export const CLUSTER_STEP = "## 1. The cluster and the address";

/** The text of the cluster step in `markdown`, up to the next `## ` heading; throws naming what is missing. */
export function clusterStep(markdown: string): string {
  const step = markdown.split(`\n${CLUSTER_STEP}\n`)[1];
  if (step === undefined) throw new Error(`docs/pacemaker.md has no step '${CLUSTER_STEP}'`);
  return step.split(/\n## /)[0] ?? "";
}

/** The text of the cluster step's first `sh` block in `markdown`; throws naming what is missing. */
export function clusterBlock(markdown: string): string {
  const block = /```sh\n([\s\S]*?)```/.exec(clusterStep(markdown))?.[1];
  if (block === undefined) throw new Error(`docs/pacemaker.md '${CLUSTER_STEP}' has no \`\`\`sh block`);
  return block;
}

/**
 * The commands of a page's `sh` block as a shell reads them: continuations joined, comments dropped, spaces
 * collapsed. A line that is not a `pcs` command is an error naming it: the suite runs pcs lines only, so the page
 * cannot say something the suite silently skips.
 */
export function pcsLines(block: string, page = "docs/pacemaker.md"): string[] {
  const lines = block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").replace(/\s+/g, " ").trim())
    .filter(Boolean);
  for (const line of lines)
    if (!line.startsWith("pcs "))
      throw new Error(`${page}: the e2e suite runs pcs lines only, not '${line}'`);
  return lines;
}

/** The settings docs/pacemaker.md shows (or those of a copy in its form, e.g. a "before" one, named by E2E_PACEMAKER). */
export function pacemakerSettings(path = process.env.E2E_PACEMAKER ?? PACEMAKER_DOC): ClusterSettings {
  return { lines: pcsLines(clusterBlock(readFileSync(path, "utf8"))) };
}

const SETUP = "pcs cluster setup ";

/** The `pcs cluster setup` line of `lines`; throws when there is none. */
export function setupLine(lines: readonly string[]): string {
  const line = lines.find((l) => l.startsWith(SETUP));
  if (line === undefined) throw new Error("no 'pcs cluster setup' line");
  return line;
}

/**
 * The `pcs cluster setup` line for the suite's own hosts, as a user adapts the page's for theirs: the page's node
 * list (`nodeA addr=10.0.0.20 …`) replaced by `hosts` (name → address), the cluster name and options kept.
 *
 * @example
 * forHosts("pcs cluster setup web nodeA addr=10.0.0.20 nodeB addr=10.0.1.20 totem token=1000", { nodeA: "198.51.100.1", nodeB: "198.51.100.2" })
 * // "pcs cluster setup web nodeA addr=198.51.100.1 nodeB addr=198.51.100.2 totem token=1000"
 */
export function forHosts(line: string, hosts: Readonly<Record<string, string>>): string {
  const [name, ...rest] = line.slice(SETUP.length).split(" ");
  if (!line.startsWith(SETUP) || !name) throw new Error(`not a 'pcs cluster setup NAME …' line: '${line}'`);
  // The node list ends where pcs's keywords for corosync's sections (or an option) begin.
  const end = rest.findIndex((w) => /^(transport|totem|quorum|--)/.test(w));
  const options = end < 0 ? [] : rest.slice(end);
  const nodes = Object.entries(hosts).map(([node, addr]) => `${node} addr=${addr}`);
  return [`${SETUP}${name}`, ...nodes, ...options].join(" ");
}

/**
 * `lines` with the value of each `key=` word that `values` names replaced, as a user puts in their own ids (the
 * page's `allocation_id=eipalloc-0123…` becomes the sim's). Throws naming a key no line has.
 */
export function withValues(lines: readonly string[], values: Readonly<Record<string, string>>): string[] {
  let out = [...lines];
  for (const [key, value] of Object.entries(values)) {
    const word = new RegExp(`(^| )${key}=\\S+`);
    if (!out.some((l) => word.test(l))) throw new Error(`no line sets '${key}=' in '${out.join(" / ")}'`);
    out = out.map((l) => l.replace(word, `$1${key}=${value}`));
  }
  return out;
}

/** The words after which a line's `key=value` words are settings (a resource's own parameters are not). */
const SECTIONS = new Set(["totem", "quorum", "set", "update", "meta"]);

/**
 * The settings `lines` make, `key` → `value` (the last one wins): `totem` and `quorum` options, properties
 * (`set`), defaults (`update`), `meta`, and each `op NAME`'s as `op NAME key`. A resource's or a fence device's own
 * parameters are left out. For the suite's bookkeeping (the failover promise, the reports): what the cluster gets is
 * what pcs makes of the lines.
 *
 * @example
 * settingsOf(["pcs resource create vip ocf:x:y a=1 meta m=2 op monitor interval=10s"])
 * // Map { "m" => "2", "op monitor interval" => "10s" }
 */
export function settingsOf(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const words = line.split(" ");
    let section: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? "";
      const eq = word.indexOf("=");
      if (SECTIONS.has(word)) section = "";
      else if (word === "op") section = `op ${words[++i]} `;
      else if (section !== undefined && eq > 0) out.set(section + word.slice(0, eq), word.slice(eq + 1));
    }
  }
  return out;
}

/** corosync's timings for `nodes` nodes (corosync.conf(5)): the real token and consensus, in ms. */
export function corosyncTimings(settings: ClusterSettings, nodes: number) {
  const s = settingsOf([setupLine(settings.lines)]);
  const token = Number(s.get("token") ?? 1000);
  const coefficient = Number(s.get("token_coefficient") ?? 650);
  // "real token timeout is computed as token + (number_of_nodes - 2) * token_coefficient" (≥ 3 nodes);
  // consensus defaults to 1.2 × that real token.
  const realToken = nodes >= 3 ? token + (nodes - 2) * coefficient : token;
  const consensus = Number(s.get("consensus") ?? 1.2 * realToken);
  return { token: realToken, consensus };
}

/** Seconds of a Pacemaker interval ("10s", "2min", "500ms", "10"). */
export function seconds(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(value.trim());
  if (!m) throw new Error(`not a Pacemaker interval: '${value}' (e.g. 10s, 2min)`);
  const factor = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 }[m[2] ?? "s"] ?? 1;
  return Number(m[1]) * factor;
}

/** The monitor interval of Deploy step 6, in seconds (Pacemaker's 10 s default op when it sets none). */
export function monitorSeconds(settings: ClusterSettings): number {
  return seconds(settingsOf(settings.lines).get("op monitor interval") ?? "10s");
}

/** failure-timeout of Deploy step 6 in seconds (Infinity when it sets none: failures never expire). */
export function failureTimeoutSeconds(settings: ClusterSettings): number {
  const v = settingsOf(settings.lines).get("failure-timeout");
  return v === undefined ? Number.POSITIVE_INFINITY : seconds(v);
}

/**
 * The lines of a page's block in the order the harness runs them, as an operator on the nodes would:
 * - `setup`: `pcs cluster setup …`, run with `--corosync_conf FILE` for every node's corosync.conf;
 * - `start`: `pcs cluster start …`, which the harness does itself (each node's stack as PID 1 of its namespaces);
 * - `seed`: properties and resource defaults, run with `pcs -f` on the CIB the nodes boot with (stonith-enabled=false
 *   must be there before the first DC, or it would wait to fence the nodes it has not seen);
 * - `live`: everything else (resources, groups, meta), run on a node with the agents installed, where pcs checks each
 *   agent's meta-data: `pcs -f` on a copy of the live CIB, then `pcs cluster cib-push`.
 */
export function phasesOf(lines: readonly string[]) {
  const is = (prefix: string) => (l: string) => l.startsWith(prefix);
  const seed = (l: string) => is("pcs property ")(l) || is("pcs resource defaults ")(l);
  return {
    setup: setupLine(lines),
    start: lines.filter(is("pcs cluster start")),
    seed: lines.filter(seed),
    live: lines.filter((l) => !is("pcs cluster setup ")(l) && !is("pcs cluster start")(l) && !seed(l)),
  };
}

/** The ids of the resources `lines` create (`pcs resource create ID …`), in order. */
export function resourceIds(lines: readonly string[]): string[] {
  return lines.flatMap((l) => /^pcs resource create (\S+)/.exec(l)?.[1] ?? []);
}
