import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The Pacemaker settings of docs/pacemaker.md step 1 (Deploy step 6), as the e2e suite applies them. */
export interface ClusterSettings {
  /** corosync `totem` options from `pcs cluster setup … totem k=v`, e.g. { token: "1000" }. */
  readonly totem: Readonly<Record<string, string>>;
  /** Cluster properties (`pcs property set`): the CIB's crm_config. */
  readonly properties: Readonly<Record<string, string>>;
  /** Resource defaults (`pcs resource defaults update`): the CIB's rsc_defaults. */
  readonly defaults: Readonly<Record<string, string>>;
  /** The resource of `pcs resource create`. */
  readonly resource: {
    readonly id: string;
    readonly agent: string;
    readonly params: Readonly<Record<string, string>>;
    readonly meta: Readonly<Record<string, string>>;
    /** One entry per `op NAME k=v…`. */
    readonly ops: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
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

/** `k=v` words into a record; any other word is an error naming it. */
function pairs(words: readonly string[], where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new Error(`pacemaker.md step 1, ${where}: expected key=value, got '${w}'`);
    out[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return out;
}

/** Splits `words` at each occurrence of `keyword` ("meta", "op"). */
function sections(words: readonly string[]): { head: string[]; rest: string[][] } {
  const head: string[] = [];
  const rest: string[][] = [];
  for (const w of words) {
    if (w === "meta" || w === "op") rest.push([w]);
    else if (rest.length > 0) rest[rest.length - 1]?.push(w);
    else head.push(w);
  }
  return { head, rest };
}

function resourceOf(words: readonly string[]): ClusterSettings["resource"] {
  const [id, agent, ...tail] = words;
  if (!id || !agent) throw new Error("pacemaker.md step 1: 'pcs resource create' needs an id and an agent");
  const { head, rest } = sections(tail);
  const meta: Record<string, string> = {};
  const ops: Record<string, Record<string, string>> = {};
  for (const [kind, first, ...more] of rest) {
    if (kind === "meta") Object.assign(meta, pairs([first ?? "", ...more].filter(Boolean), "meta"));
    else if (first) ops[first] = pairs(more, `op ${first}`);
  }
  return { id, agent, params: pairs(head, "resource parameters"), meta, ops };
}

/**
 * Parses the cluster step's commands. Comments (`# …`) and line continuations are allowed; a command the suite
 * does not know is an error naming it, so the page cannot say something the suite silently skips.
 */
export function parseSettings(block: string): ClusterSettings {
  const lines = block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean);
  const totem: Record<string, string> = {};
  const properties: Record<string, string> = {};
  const defaults: Record<string, string> = {};
  let resource: ClusterSettings["resource"] | undefined;
  for (const line of lines) {
    const words = line.split(/\s+/);
    const command = words.slice(0, 3).join(" ");
    if (command === "pcs cluster setup") {
      const at = words.indexOf("totem");
      if (at >= 0) Object.assign(totem, pairs(words.slice(at + 1), "totem"));
    } else if (command === "pcs cluster start") {
      // starting the cluster is the harness's job
    } else if (command === "pcs property set") Object.assign(properties, pairs(words.slice(3), line));
    else if (line.startsWith("pcs resource defaults update "))
      Object.assign(defaults, pairs(words.slice(4), line));
    else if (command === "pcs resource create") resource = resourceOf(words.slice(3));
    else throw new Error(`pacemaker.md step 1: the e2e suite does not know the command '${line}'`);
  }
  if (!resource) throw new Error("pacemaker.md step 1 creates no resource ('pcs resource create')");
  return { totem, properties, defaults, resource };
}

/** The settings docs/pacemaker.md shows (or those of a copy in its form, e.g. a "before" one, named by E2E_PACEMAKER). */
export function pacemakerSettings(path = process.env.E2E_PACEMAKER ?? PACEMAKER_DOC): ClusterSettings {
  return parseSettings(clusterBlock(readFileSync(path, "utf8")));
}

/** corosync's timings for `nodes` nodes (corosync.conf(5)): the real token and consensus, in ms. */
export function corosyncTimings(settings: ClusterSettings, nodes: number) {
  const token = Number(settings.totem.token ?? 1000);
  const coefficient = Number(settings.totem.token_coefficient ?? 650);
  // "real token timeout is computed as token + (number_of_nodes - 2) * token_coefficient" (≥ 3 nodes);
  // consensus defaults to 1.2 × that real token.
  const realToken = nodes >= 3 ? token + (nodes - 2) * coefficient : token;
  const consensus = Number(settings.totem.consensus ?? 1.2 * realToken);
  return { token: realToken, consensus };
}
