import { isDown } from "../../core/index.ts";
import type { LogEntry } from "../../sim/proxy.ts";
import type { DrillOptions, InvocationStats, ScenarioRun, TimelineEntry } from "./types.ts";

/** Where one held thing (an address, a route entry) was before and is after, and its holder's state. */
interface Held {
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly afterState: string | undefined;
}

/** How many held things moved, how many point nowhere, how many stay on a stopped instance. */
export interface HeldCounts {
  readonly total: number;
  readonly moved: number;
  /** Pointing nowhere after the scenario. */
  readonly lost: number;
  /** Still on an instance that is stopping or stopped. */
  readonly onStopped: number;
}

/** The drill's machine-readable answer (`--json`), and the source of the printed summary. */
export interface DrillReport {
  readonly scenario: DrillOptions["scenario"];
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly verdict: string;
  readonly expectation: string;
  /** "nodeA (i-…)" for one address; "N addresses" for many. */
  readonly oldHolder: string;
  readonly newHolder: string;
  /** From the failure to the last decision or move. */
  readonly seconds: number;
  readonly addresses: HeldCounts;
  /** Route entries (a destination in one table); undefined when the scenario moved no routes. */
  readonly routes?: HeldCounts;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly handlerErrors: number;
  readonly calls: {
    readonly total: number;
    /** Mutating EC2 calls EC2 accepted (throttled and faulted ones excluded). */
    readonly mutating: number;
    readonly throttled: number;
    readonly byAction: Readonly<Record<string, number>>;
    /** Accepted mutating calls per moved address (per moved route entry for a routes-only fleet); undefined when nothing moved. */
    readonly mutatingPerMove: number | undefined;
  };
  /** What the decisions queue's invocations spent; undefined when the scenario did not count them. */
  readonly invocations?: InvocationStats;
  readonly timeline: readonly { readonly ms: number; readonly source: string; readonly text: string }[];
}

function holder(id: string | undefined, names: Readonly<Record<string, string>>): string {
  if (!id) return "nobody";
  return names[id] ? `${names[id]} (${id})` : id;
}

function holders(
  checks: readonly Held[],
  pick: (c: Held) => string | undefined,
  names: Readonly<Record<string, string>>,
  noun: string,
): string {
  if (checks.length === 1) return holder(pick(checks[0]!), names);
  const distinct = new Set(checks.map(pick));
  return `${checks.length} ${noun} on ${distinct.size} instance(s)`;
}

/** The counts over one kind of held thing. Pure. */
export function heldCounts(checks: readonly Held[]): HeldCounts {
  return {
    total: checks.length,
    moved: checks.filter((a) => a.after !== undefined && a.after !== a.before).length,
    lost: checks.filter((a) => a.after === undefined).length,
    onStopped: checks.filter((a) => a.after !== undefined && isDown(a.afterState)).length,
  };
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/**
 * Judges and counts a scenario run. Pure: the proxy log and the names of instances are passed in.
 *
 * @example
 * summarize(options, run, region.proxy.log.entries(), { [nodes.A.instanceId]: "nodeA" })
 */
export function summarize(
  options: Pick<DrillOptions, "scenario" | "dryRun">,
  run: ScenarioRun,
  calls: readonly LogEntry[],
  names: Readonly<Record<string, string>>,
  timeline: readonly TimelineEntry[] = run.entries,
): DrillReport {
  const addresses = heldCounts(run.addresses);
  // A fleet that holds only routes is named, and its calls per move counted, by its route entries.
  const [held, noun] =
    run.addresses.length === 0 && run.routes ? [run.routes, "route entries"] : [run.addresses, "addresses"];
  const moved = heldCounts(held).moved;
  const ec2 = calls.filter((c) => c.service === "ec2");
  const mutating = ec2.filter((c) => c.mutating && !c.throttled && !c.faulted).length;
  return {
    scenario: options.scenario,
    dryRun: options.dryRun,
    ok: run.verdict.ok,
    verdict: run.verdict.why,
    expectation: run.expectation,
    oldHolder: holders(held, (a) => a.before, names, noun),
    newHolder: holders(held, (a) => a.after, names, noun),
    seconds: Math.max(0, run.doneAt - run.failureAt) / 1000,
    addresses,
    ...(run.routes ? { routes: heldCounts(run.routes) } : {}),
    outcomes: tally(run.outcomes),
    handlerErrors: run.handlerErrors,
    calls: {
      total: calls.length,
      mutating,
      throttled: calls.filter((c) => c.throttled).length,
      byAction: tally(calls.map((c) => c.action)),
      mutatingPerMove: moved > 0 ? mutating / moved : undefined,
    },
    ...(run.invocations ? { invocations: run.invocations } : {}),
    timeline: timeline.map((e) => ({ ms: e.at - run.failureAt, source: e.source, text: e.text })),
  };
}
