import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Cluster, Node } from "./cluster.ts";

/** The two invariants every e2e scenario holds (issue 28 item 3). */
export type Invariant = "twoActive" | "nowhere";

/** What the invariants watcher saw break, each as "time: what". */
export interface Breaches {
  /**
   * Where Pacemaker had vip active on two nodes: a scheduler run that judged it so (its log's "vip is active on N
   * nodes", on whichever node was DC), or a sample where live nodes' views named different single nodes (a split).
   */
  readonly twoActive: string[];
  /** Samples where the EIP pointed nowhere while a node was up to hold it. */
  readonly nowhere: string[];
  /**
   * Samples that would have broken an invariant while the scenario had said it does not apply (see `exempt`), each
   * as "time: what (why)": for the report, never a breach.
   */
  readonly exempted: string[];
  /**
   * Samples where a node's crm_mon listed vip on two nodes ("Started [ nodeA nodeB ]"): a live migration between the
   * target's migrate_from and the source's stop (Pacemaker's record of a migration in flight, which its scheduler
   * plans as one), or a CIB replica's passing state while a node rejoins. Reported, not breaches by themselves: had
   * the scheduler planned from a state with vip active on two, its log would say so (`twoActive`).
   */
  readonly listedOnTwo: string[];
  readonly samples: number;
}

/** What one node's crm_mon says of vip: the nodes it is started on, whether on several, and the line itself. */
interface View {
  readonly on: string[];
  readonly multiple: boolean;
  readonly line: string;
}

/** The nodes a crm_mon output says vip is started on, and whether it says vip is active on two or more. */
function activeIn(out: string): View {
  // crm_mon lists a resource active on one node as "Started nodeA", on several as "Started [ nodeA nodeB ]".
  const line = /\bvip\s.*/.exec(out)?.[0].replace(/\s+/g, " ") ?? "";
  const listed = /Started \[([^\]]*)\]/.exec(line)?.[1];
  const on = listed
    ? listed.trim().split(/\s+/)
    : [...out.matchAll(/\bvip\s.*?Started (node\w)/g)].map((m) => m[1] as string);
  const multiple = /vip.*active on [2-9] nodes/.test(out) || on.length > 1;
  return { on, multiple, line };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** When a pacemaker.log line was written ("Dec 06 23:55:42.265 nodeB …", the nodes' local time), ms since the epoch. */
function loggedAt(line: string): number {
  const m = /^(\w{3}) (\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) /.exec(line);
  if (!m) return Number.NaN;
  const [, mon, day, h, min, sec, ms] = m;
  return new Date(
    new Date().getFullYear(),
    MONTHS.indexOf(mon as string),
    Number(day),
    Number(h),
    Number(min),
    Number(sec),
    Number(ms),
  ).getTime();
}

/**
 * What `node`'s scheduler logs from now on (its pacemaker.log past its present end) that judges vip active on two
 * or more nodes: Pacemaker's "vip is active on N nodes", written by the DC's scheduler when it plans from such a
 * state (and recovers it by its multiple-active policy).
 */
function schedulerLog(cluster: Cluster, node: Node) {
  const path = join(cluster.base, `node${node}`, "var-log-pacemaker/pacemaker.log");
  const from = existsSync(path) ? statSync(path).size : 0;
  return {
    since(): { at: number; line: string }[] {
      if (!existsSync(path)) return [];
      return readFileSync(path)
        .subarray(from)
        .toString("utf8")
        .split("\n")
        .filter((l) => /\bvip\b.*active on [2-9] nodes/.test(l))
        .map((line) => ({ at: loggedAt(line), line: `node${node}'s scheduler: ${line}` }));
    },
  };
}

/**
 * Samples, every `everyMs` until stopped, the two invariants every scenario holds: never active on two nodes as
 * Pacemaker sees it (its scheduler never plans from vip active on two, and no two live nodes' crm_mon name different
 * holders), and never pointing nowhere while a live node can hold it (moto's holder, the truth, while any node is up).
 */
export function watchInvariants(cluster: Cluster, everyMs = 500) {
  const twoActive: string[] = [];
  const nowhere: string[] = [];
  const exempted: string[] = [];
  const listedOnTwo: string[] = [];
  const exempt = new Map<Invariant, string>();
  /** Every exemption with its window (ms since the epoch; `to` unset while it holds), for the scheduler's log. */
  const windows: { invariant: Invariant; why: string; from: number; to?: number }[] = [];
  const logs = cluster.nodes.map((n) => schedulerLog(cluster, n));
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
      const t = new Date().toISOString().slice(11, 23);
      const seen = `${t}: ${up.map((n, i) => `node${n} sees ${views[i]?.on.join("+") || "-"}${views[i]?.multiple ? ` ("${views[i]?.line}")` : ""}`).join(", ")}`;
      const singles = new Set(views.filter((v) => v.on.length === 1).flatMap((v) => v.on));
      if (singles.size > 1) file(was, "twoActive", seen);
      else if (views.some((v) => v.multiple)) listedOnTwo.push(seen);
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
      const window: (typeof windows)[number] = { invariant, why, from: Date.now() };
      windows.push(window);
      return () => {
        exempt.delete(invariant);
        window.to = Date.now();
      };
    },
    /** Stops sampling and returns what broke (empty lists: nothing). */
    async stop(): Promise<Breaches> {
      running = false;
      await loop;
      for (const { at, line } of logs.flatMap((log) => log.since())) {
        const why = windows.find(
          (w) => w.invariant === "twoActive" && w.from <= at && at <= (w.to ?? at),
        )?.why;
        if (why === undefined) twoActive.push(line);
        else exempted.push(`${line} (${why})`);
      }
      return { twoActive, nowhere, exempted, listedOnTwo, samples };
    },
  };
}

/** The watcher's counts for a scenario's note: "invariants: N samples, 0 active on two, 0 nowhere (M exempted)". */
export function invariantNote(b: Breaches): string {
  return `invariants: ${b.samples} samples, ${b.twoActive.length} active on two, ${b.nowhere.length} nowhere${b.exempted.length ? ` (${b.exempted.length} exempted)` : ""}${b.listedOnTwo.length ? `; ${b.listedOnTwo.length} listed on two by crm_mon, never judged so by the scheduler` : ""}`;
}
