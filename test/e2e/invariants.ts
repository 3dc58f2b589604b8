import type { Cluster, Node } from "./cluster.ts";

/** The two invariants every e2e scenario holds (issue 28 item 3). */
export type Invariant = "twoActive" | "nowhere";

/** What the invariants watcher saw break, each as "time: what". */
export interface Breaches {
  /** Samples where Pacemaker (any live node's view, or the union of them) had vip active on two nodes. */
  readonly twoActive: string[];
  /** Samples where the EIP pointed nowhere while a node was up to hold it. */
  readonly nowhere: string[];
  /**
   * Samples that would have broken an invariant while the scenario had said it does not apply (see `exempt`), each
   * as "time: what (why)": for the report, never a breach.
   */
  readonly exempted: string[];
  readonly samples: number;
}

/** The nodes a crm_mon output says vip is started on, and whether it says vip is active on two or more. */
function activeIn(out: string): { on: string[]; multiple: boolean } {
  const on = [...out.matchAll(/\bvip\s.*?Started (node\w)/g)].map((m) => m[1] as string);
  // crm_mon lists a resource active on several nodes as "Started [ nodeA nodeB ]".
  const multiple =
    /vip.*active on [2-9] nodes/.test(out) || /\bvip\s.*Started \[\s*node\w+\s+node\w/.test(out);
  return { on, multiple };
}

/**
 * Samples, every `everyMs` until stopped, the two invariants every scenario holds: never active on two nodes as
 * Pacemaker sees it (each live node's crm_mon, and all of them together), and never pointing nowhere while a live
 * node can hold it (moto's holder, the truth, while any node is up).
 */
export function watchInvariants(cluster: Cluster, everyMs = 500) {
  const twoActive: string[] = [];
  const nowhere: string[] = [];
  const exempted: string[] = [];
  const exempt = new Map<Invariant, string>();
  let samples = 0;
  let running = true;
  /**
   * Files a sample that broke `invariant` as a breach, or as exempted when the scenario said it does not apply at
   * any moment of the sample (`was`: the exemptions when the sample began; its reads take a while).
   */
  const file = (was: ReadonlyMap<Invariant, string>, invariant: Invariant, line: string) => {
    const why = exempt.get(invariant) ?? was.get(invariant);
    if (why === undefined) (invariant === "twoActive" ? twoActive : nowhere).push(line);
    else exempted.push(`${line} (${why})`);
  };
  const loop = (async () => {
    while (running) {
      const was = new Map(exempt);
      const up = cluster.nodes.filter((n: Node) => cluster.isUp(n));
      const views = await Promise.all(
        up.map(async (n) => activeIn((await cluster.on(n, "crm_mon", "-1")).stdout)),
      );
      const union = new Set(views.flatMap((v) => v.on));
      const t = new Date().toISOString().slice(11, 23);
      if (union.size > 1 || views.some((v) => v.multiple))
        file(
          was,
          "twoActive",
          `${t}: ${up.map((n, i) => `node${n} sees ${views[i]?.on.join("+") || "-"}`).join(", ")}`,
        );
      if (up.length > 0 && (await cluster.holderNode().catch(() => "?")) === "nobody")
        file(was, "nowhere", `${t}: nobody, ${up.map((n) => `node${n}`).join(" ")} up`);
      samples++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /**
     * From now until the returned function is called, `invariant` does not apply, for the reason `why` (a scenario
     * that breaks it by design: an unfenced split, a disabled resource, the controller's compare-and-swap); its
     * samples go to `exempted`. The scenario's comment says why.
     */
    exempt(invariant: Invariant, why: string): () => void {
      exempt.set(invariant, why);
      return () => {
        exempt.delete(invariant);
      };
    },
    /** Stops sampling and returns what broke (empty lists: nothing). */
    async stop(): Promise<Breaches> {
      running = false;
      await loop;
      return { twoActive, nowhere, exempted, samples };
    },
  };
}

/** The watcher's counts for a scenario's note: "invariants: N samples, 0 active on two, 0 nowhere (M exempted)". */
export function invariantNote(b: Breaches): string {
  return `invariants: ${b.samples} samples, ${b.twoActive.length} active on two, ${b.nowhere.length} nowhere${b.exempted.length ? ` (${b.exempted.length} exempted)` : ""}`;
}
