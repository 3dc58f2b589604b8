import { cpus } from "node:os";
import type { StormRow } from "./table.ts";
import { stormTable } from "./table.ts";

/** bench/results/storm.md: the figures and what they mean. Pure apart from naming the machine. */
export function stormReport(rows: readonly StormRow[], command: string): string {
  return `# Storm: az-outage against EC2's documented rate limits

\`${command}\` — ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, moto_server behind the sim proxy with \`throttling: documented\`.

N two-node clusters (one EIP each, on the AZ-a node) lose their AZ-a node at once. The drill stops those
instances in moto and sends one real-shaped \`EC2 Instance State-change Notification\` (stopped) per
instance to the real controller (\`functions/failover.ts\` \`createFailover\`, the code the Lambda bundle
wraps), at most "in flight" invocations at a time, as Lambda scales out; each invocation gets a 15-minute
Lambda-like context. The handler's own deadline-bounded retry (full jitter, base 100 ms, cap 2 s) is all
that absorbs \`RequestLimitExceeded\`. Wall time runs from the failure to the last invocation's answer;
outcomes are then checked in moto (lost = pointing nowhere; on a stopped instance = still on the failed node).

${stormTable(rows)}

${observations(rows)}

**Bound.** The proxy models EC2's mutating bucket (capacity 50, refill 5/s) with a full bucket at the
failure, so \`m\` mutating calls need at least \`(m − 50) / 5\` seconds. 1000 clusters × 2 calls = 2000 calls →
(2000 − 50) / 5 = **390 s**; the issue's "≈ 440 s" adds the 50 burst calls as if they were seconds, so the
table uses the stricter 390 s and the target is ≤ 1.1 × 390 = 429 s (the looser reading, 1.1 × 440, is 484 s).
In the sim's model (\`sim/token-bucket.ts\`) a throttled request takes no token, so retries cost traffic,
not throughput; AWS's throttling page says each request removes a token but not whether a refused one does.
If EC2 charged refused requests, the throttled answers per second listed above would starve the bucket:
the retry cap (\`core/retry.ts\` capMs 2 s) with 100 invocations in flight would then need to be far more
patient (a cap of ~20 s, i.e. in-flight ÷ refill rate) to keep the storm near the bound.

**Calls per move: 2 mutating (+ 2 non-mutating).** The controller moves by compare-and-swap
(\`core/claim-if-unchanged.ts\`): \`DisassociateAddress\` of exactly the association it observed, then
\`AssociateAddress\` with \`AllowReassociation=false\`. EC2 has no conditional associate, and this pair is
what makes the move lose cleanly to a newer decision (Pacemaker's agent, an operator, a duplicate event):
if someone re-associated the address after the controller's \`DescribeAddresses\`, the disassociate fails
on the stale association id, or the associate fails because the address is taken, and the controller reports a
conflict instead of overriding. The non-mutating \`DescribeAddresses\` and \`DescribeInstanceStatus\` draw
from the separate non-mutating bucket (100 + 20/s) and do not limit the storm. The agent's path uses one
call (\`AssociateAddress\` with \`AllowReassociation=true\`) because Pacemaker already serialises its
decisions. A one-call controller move would halve the bound (1000 clusters: (1000 − 50) / 5 = 190 s) and is
provably as safe only where no other actor can hold a newer decision: for a two-member cluster with grace 0
the only other place the address could go is the same standby, so overriding would only re-point it where
it already is; with grace > 0, Pacemaker in the loop, or three or more members, a blind reassociation can
undo a newer move, so compare-and-swap stays the default.
`;
}

/** Facts read off the rows: how hard the retries hit the throttle, and whether the target held. */
function observations(rows: readonly StormRow[]): string {
  return rows
    .filter((r) => r.boundSeconds > 0)
    .map(
      (r) =>
        `- ${r.clusters} clusters: ${r.wallSeconds.toFixed(1)} s against a ${r.boundSeconds.toFixed(0)} s bound (target ≤ ${(1.1 * r.boundSeconds).toFixed(0)} s), ` +
        `${r.mutating / r.clusters} mutating calls per cluster, ${(r.throttled / r.wallSeconds).toFixed(0)} throttled answers per second ` +
        `(${(r.throttled / r.clusters).toFixed(1)} per cluster), ${r.lost} lost, ${r.onStopped} on a stopped instance, ${r.handlerErrors} handler errors.`,
    )
    .join("\n");
}
