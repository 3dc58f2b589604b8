import { cpus } from "node:os";
import { MUTATING_BUCKET } from "../../cli/drill/bound.ts";
import type { OverlayShape } from "../../cli/drill/types.ts";
import { meetsTargets, ratio, type StormRow, TARGETS, throttledPerCall } from "./table.ts";

/**
 * F5 Cloud Failover Extension's published AWS figures (its docs, userguide/performance-sizing.rst, "CFE
 * performance with AWS"): routes only, no failover addresses, one HA pair; "examples and may vary".
 */
export const F5_PUBLISHED: readonly { readonly routes: number; readonly seconds: number }[] = [
  { routes: 50, seconds: 5 },
  { routes: 100, seconds: 5 },
  { routes: 200, seconds: 15 },
  { routes: 500, seconds: 90 },
];

/** F5's published time for exactly this many routes, or undefined when it published none. */
export function f5Seconds(entries: number): number | undefined {
  return F5_PUBLISHED.find((f) => f.routes === entries)?.seconds;
}

/**
 * `--routes 50x1x10,1x50x10`: clusters × routes per cluster × route tables. Clusters 1–5000; routes and tables
 * 1–50 (a cluster document's limits).
 *
 * @throws RangeError naming the bad item and the expected form.
 */
export function parseRouteShapes(value: string): { clusters: number; routes: OverlayShape }[] {
  return value.split(",").map((item) => {
    const m = /^(\d+)x(\d+)x(\d+)$/.exec(item.trim());
    const [clusters, perCluster, tables] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    if (
      !m ||
      clusters < 1 ||
      clusters > 5000 ||
      perCluster < 1 ||
      perCluster > 50 ||
      tables < 1 ||
      tables > 50
    )
      throw new RangeError(
        `--routes item '${item}' is not valid (expected CLUSTERSxROUTESxTABLES, e.g. 50x1x10: clusters 1-5000, routes and tables 1-50)`,
      );
    return { clusters, routes: { perCluster, tables } };
  });
}

const shape = (r: StormRow) => `${r.clusters} × ${r.routes?.perCluster ?? 0} × ${r.routes?.tables ?? 0}`;

/** The markdown table of route-storm rows, F5's published figure beside ours where it published one. Pure. */
export function routeStormTable(rows: readonly StormRow[]): string {
  const head = [
    "| clusters × routes × tables | route entries | grace s | others' share | max concurrency × batch | wall s | bound s (grace + 1 call/entry) | wall / bound | F5 CFE published | peak concurrent invocations | invocations | mutating accepted | throttled answers | throttled / accepted mutating | all calls | lost | on a stopped instance | handler errors | verdict |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const body = rows.map((r) => {
    const f5 = f5Seconds(r.entries);
    return `| ${shape(r)} | ${r.entries} | ${r.graceSeconds} | ${r.othersShare} | ${r.concurrency} × ${r.batchSize ?? 10} | ${r.wallSeconds.toFixed(1)} | ${r.boundSeconds.toFixed(0)} | ${ratio(r)} | ${f5 === undefined ? "–" : `${f5} s`} | ${r.peakConcurrent} | ${r.invocations} | ${r.mutating} | ${r.throttled} | ${throttledPerCall(r).toFixed(3)} | ${r.totalCalls} | ${r.lost} | ${r.onStopped} | ${r.handlerErrors} | ${meetsTargets(r) ? "PASS" : "FAIL"} |`;
  });
  return [...head, ...body].join("\n");
}

/** bench/results/storm-routes.md: the figures and what they mean. Pure apart from naming the machine. */
export function routeStormReport(rows: readonly StormRow[], command: string): string {
  const { capacity, refillPerSecond } = MUTATING_BUCKET;
  return `# Route storm: az-outage with overlay routes against EC2's documented rate limits

\`${command}\` — ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, moto_server behind the sim proxy with \`throttling: documented\`.

N two-node clusters each hold R overlay routes (no EIP), each route in the T route tables the fleet shares
(N × R × T route entries), all pointing at each cluster's AZ-a node's interface. The AZ-a nodes stop at
once; the events go through the decisions queue as deployed (at most "max concurrency" invocations, batches of
10, a 60 s context each, each container pacing its EC2 calls to its share of EC2's buckets) to the real
controller, which moves each cluster's routes by compare-and-swap (\`claimRoutesIfUnchanged\`: one
\`DescribeRouteTables\` re-read, then one \`ReplaceRoute\` per table still pointing at the failed node). Wall
time runs from the failure to the last decision; the routes are then checked in moto (lost = no route, a
blackhole, or no interface; on a stopped instance = still on the failed node's interface).

${routeStormTable(rows)}

**Bound.** \`ReplaceRoute\` and \`CreateRoute\` are mutating actions in EC2's documented throttling (neither is
among its resource-intensive or uncategorized actions): bucket ${capacity}, refill ${refillPerSecond}/s, shared with
\`AssociateAddress\` and \`DisassociateAddress\`. One route entry costs one mutating call (the re-read is
non-mutating), so \`m\` entries need at least grace + (m − ${capacity}) / ${refillPerSecond} s from a full bucket: 500 entries →
**90 s**, target ≤ ${TARGETS.wallOverBound} × 90 = 99 s. F5's published 500 routes in 90 s sits exactly on that bound
(it spends the whole burst); its 200 routes in 15 s is under the default bound of (200 − 50) / 5 = 30 s, so it
was measured with a raised limit or a bucket that was not at the default. The controller's pacer leaves half
of EC2's burst to the account's other tools, so it cannot go below (m − 24) / 5 s (500 entries: 95.2 s).
`;
}
