import { cpus } from "node:os";
import type { StormRow } from "./table.ts";
import { stormTable, TARGETS, throttledPerCall } from "./table.ts";

/** bench/results/storm.md: the figures and what they mean. Pure apart from naming the machine. */
export function stormReport(rows: readonly StormRow[], command: string): string {
  return `# Storm: az-outage against EC2's documented rate limits

\`${command}\` — ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, moto_server behind the sim proxy with \`throttling: documented\`.

N two-node clusters (one EIP each, on the AZ-a node, \`graceSeconds\` as the header says) lose their AZ-a
node at once. The drill stops those instances in moto and sends one real-shaped \`EC2 Instance State-change
Notification\` (stopped) per instance to the decisions queue as deployed (\`cli/drill/queue.ts\`: SQS and
Lambda's event source mapping in-process): at most "max concurrency" invocations at once (MaximumConcurrency),
batches of up to 10 records, each invocation a container of its own with a 60 s context (the deployed
timeout), running the real consumer and controller (\`functions/queue/consumer.ts\`,
\`functions/event/failover.ts\`). Each
container paces its EC2 calls to its share of EC2's documented buckets (\`functions/pace.ts\`: mutating 12 +
2.5/s each, half the burst and all the refill between the two); a decision inside its grace window goes back
to the queue as a delayed message, so no invocation waits it out. Wall time runs from the failure to the last
decision; outcomes are then checked in moto (lost = pointing nowhere; on a stopped instance = still on the
failed node). Invocation-seconds sum every invocation's duration; the old design (the grace window slept
inside one invocation per cluster) spent at least clusters × grace.

${stormTable(rows)}

${observations(rows)}

**Bound.** No decision may move before its grace window ends, and the proxy models EC2's mutating bucket
(capacity 50, refill 5/s) full at the failure, so \`m\` mutating calls need at least grace + \`(m − 50) / 5\`
seconds: 1000 clusters × 2 calls = 2000 calls → 30 + 390 = **420 s**, target ≤ 1.1 × 420 = 462 s. The pacer
leaves half of EC2's burst to the account's other tools, which costs (50 − 24) / 5 = 5.2 s against this bound
(a larger share of the 10- and 100-cluster runs, where the bound is short). A recheck becomes visible on the
whole second after its window ends (SQS delays in whole seconds, never early), then waits for a free
invocation. In the sim's model (\`sim/token-bucket.ts\`) a throttled request takes no token; paced calls are
not refused, so the question does not arise here.

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

/** Facts read off the rows: time against the bound, what the invocations spent, how often EC2 said no. */
function observations(rows: readonly StormRow[]): string {
  return rows
    .filter((r) => r.boundSeconds > 0)
    .map(
      (r) =>
        `- ${r.clusters} clusters: ${r.wallSeconds.toFixed(1)} s against a ${r.boundSeconds.toFixed(0)} s bound (target ≤ ${(TARGETS.wallOverBound * r.boundSeconds).toFixed(0)} s); ` +
        `${r.invocations} invocations, at most ${r.peakConcurrent} at once, ${r.invocationSeconds.toFixed(0)} invocation-seconds ` +
        `(the old design: ≥ ${r.oldInvocationSeconds}, ${r.invocationSeconds > 0 ? (r.oldInvocationSeconds / r.invocationSeconds).toFixed(0) : "–"}× more); ` +
        `${throttledPerCall(r).toFixed(3)} throttled answers per accepted mutating call; ${r.lost} lost, ${r.onStopped} on a stopped instance, ${r.handlerErrors} handler errors.`,
    )
    .join("\n");
}
