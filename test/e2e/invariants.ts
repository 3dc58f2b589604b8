import type { Cluster, Node } from "./cluster.ts";

/** What the invariants watcher saw break, each as "time: what". */
export interface Breaches {
  /** Samples where Pacemaker (any live node's view, or the union of them) had vip active on two nodes. */
  readonly twoActive: string[];
  /** Samples where the EIP pointed nowhere while a node was up to hold it. */
  readonly nowhere: string[];
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
 * Samples, every `everyMs` until stopped, the two invariants every fencing scenario holds: never active on two
 * nodes as Pacemaker sees it (each live node's crm_mon, and all of them together), and never pointing nowhere
 * while a live node can hold it (moto's holder, the truth, while any node is up).
 */
export function watchInvariants(cluster: Cluster, everyMs = 500) {
  const twoActive: string[] = [];
  const nowhere: string[] = [];
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const up = cluster.nodes.filter((n: Node) => cluster.isUp(n));
      const views = await Promise.all(
        up.map(async (n) => activeIn((await cluster.on(n, "crm_mon", "-1")).stdout)),
      );
      const union = new Set(views.flatMap((v) => v.on));
      const t = new Date().toISOString().slice(11, 23);
      if (union.size > 1 || views.some((v) => v.multiple))
        twoActive.push(
          `${t}: ${up.map((n, i) => `node${n} sees ${views[i]?.on.join("+") || "-"}`).join(", ")}`,
        );
      if (up.length > 0 && (await cluster.holderNode().catch(() => "?")) === "nobody")
        nowhere.push(`${t}: nobody, ${up.map((n) => `node${n}`).join(" ")} up`);
      samples++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /** Stops sampling and returns what broke (empty lists: nothing). */
    async stop(): Promise<Breaches> {
      running = false;
      await loop;
      return { twoActive, nowhere, samples };
    },
  };
}
