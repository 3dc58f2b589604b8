// `drill --cluster NAME`: ask the deployed controller what it would do if the cluster's holder failed now.
// It is sent a real-shaped status-alarm event about the holder with "dryRun": true at the top level
// (functions/what-if.ts): it plans against the real account, carries out nothing, and answers the plan.
import type { AddressReport, FailoverReport } from "../../functions/index.ts";
import { alarmStateChange } from "../../sim/events.ts";
import { UsageError } from "../errors.ts";
import type { Session } from "../session.ts";
import { observeClusters } from "../status/observe.ts";

/** What the controller answered for one holder of the cluster's addresses. */
export interface WhatIfRun {
  readonly holder: string;
  readonly addresses: readonly AddressReport[];
}

/** `drill --cluster NAME --json`: the cluster, where it ran, and each holder's answer. */
export interface WhatIfReport {
  readonly cluster: string;
  readonly where: string;
  readonly runs: readonly WhatIfRun[];
  /** True when every address got a plan (nothing was changed either way). */
  readonly ok: boolean;
}

/**
 * Sends the controller one synthetic failure per current holder of `cluster`'s addresses, each a dry run.
 *
 * @throws UsageError when the cluster is not there (naming those that are), or nobody holds its addresses.
 */
export async function whatIfDrill(
  session: Pick<Session, "clients" | "stack" | "invoke" | "description">,
  cluster: string,
  region: string,
): Promise<WhatIfReport> {
  const { clients, stack } = session;
  const observed = await observeClusters({ ec2: clients.ec2, ssm: clients.ssm, prefix: stack.configPrefix });
  const c = observed.clusters.find((x) => x.name === cluster);
  if (!c)
    throw new UsageError(
      `--cluster '${cluster}' is not a cluster here (clusters: ${observed.clusters.map((x) => x.name).join(", ") || "none"})`,
    );
  const holders = [...new Set(c.addresses.flatMap((a) => a.instanceId ?? []))];
  if (holders.length === 0)
    throw new UsageError(`cluster ${cluster}: no member holds its addresses, so there is no holder to fail`);
  const runs: WhatIfRun[] = [];
  for (const holder of holders) {
    const event = alarmStateChange({
      alarmName: `${stack.alarmPrefix}${holder}`,
      instanceId: holder,
      state: "ALARM",
      reason: "eip-failover drill: a synthetic failure, dry run",
      region,
    });
    const report = (await session.invoke({ ...event, dryRun: true })) as FailoverReport;
    runs.push({ holder, addresses: report.addresses.filter((a) => a.cluster === cluster) });
  }
  const ok = runs.every(
    (r) => r.addresses.length > 0 && r.addresses.every((a) => a.result.outcome === "planned"),
  );
  return { cluster, where: session.description, runs, ok };
}

/** The plan as people read it: per holder, per address, the AWS calls the controller would make. */
export function renderWhatIf(report: WhatIfReport): string {
  const lines = [`dry run of cluster ${report.cluster} on ${report.where}: nothing was changed`];
  for (const run of report.runs) {
    lines.push("", `if ${run.holder} failed now:`);
    if (run.addresses.length === 0) lines.push("  the controller answered nothing for this cluster");
    for (const a of run.addresses) {
      const r = a.result;
      if (r.outcome === "planned") lines.push(`  ${a.allocationId}:`, ...r.plan.map((step) => `    ${step}`));
      else lines.push(`  ${a.allocationId}: ${r.outcome}${"reason" in r ? ` (${r.reason})` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
