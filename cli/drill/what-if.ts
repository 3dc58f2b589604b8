// `drill --cluster NAME`: ask the deployed controller what it would do if the cluster's holder failed now.
// It is sent a real-shaped status-alarm event about the holder with "dryRun": true at the top level
// (functions/event/what-if.ts): it plans against the real account, carries out nothing, and answers the plan.
import type { AddressReport, FailoverReport, RouteReport } from "../../functions/index.ts";
import { alarmStateChange } from "../../sim/events.ts";
import { UsageError } from "../errors.ts";
import type { Session } from "../session.ts";
import type { Source } from "../source.ts";
import { observeClusters } from "../status/observe.ts";
import { routeStatuses } from "../status/route-status.ts";

/** What the controller answered for one holder of the cluster's addresses and routes. */
export interface WhatIfRun {
  readonly holder: string;
  readonly addresses: readonly AddressReport[];
  readonly routes: readonly RouteReport[];
}

/** `drill --cluster NAME --json`: the cluster, where it ran, and each holder's answer. */
export interface WhatIfReport {
  readonly cluster: string;
  /** Where it ran, in words ({@link sourceText}). */
  readonly where: string;
  /** Where it ran, as status and doctor say it. */
  readonly source: Source;
  readonly runs: readonly WhatIfRun[];
  /** True when every address and route got a plan (nothing was changed either way). */
  readonly ok: boolean;
}

/**
 * Sends the controller one synthetic failure per current holder of `cluster`'s addresses and routes, each a
 * dry run.
 *
 * @throws UsageError when the cluster is not there (naming those that are), or nobody holds its addresses or routes.
 */
export async function whatIfDrill(
  session: Pick<Session, "clients" | "stack" | "invoke" | "description" | "source">,
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
  const holders = [
    ...new Set([
      ...c.addresses.flatMap((a) => a.instanceId ?? []),
      ...routeStatuses(c).flatMap((r) => r.holder ?? []),
    ]),
  ];
  if (holders.length === 0)
    throw new UsageError(
      `cluster ${cluster}: no member holds its addresses or routes, so there is no holder to fail`,
    );
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
    runs.push({
      holder,
      addresses: report.addresses.filter((a) => a.cluster === cluster),
      routes: (report.routes ?? []).filter((r) => r.cluster === cluster),
    });
  }
  const ok = runs.every((run) => {
    const items = [...run.addresses, ...run.routes];
    return items.length > 0 && items.every((item) => item.result.outcome === "planned");
  });
  return { cluster, where: session.description, source: session.source, runs, ok };
}

/** The plan as people read it: per holder, per address, the AWS calls the controller would make. */
export function renderWhatIf(report: WhatIfReport): string {
  const lines = [`dry run of cluster ${report.cluster} on ${report.where}: nothing was changed`];
  for (const run of report.runs) {
    lines.push("", `if ${run.holder} failed now:`);
    const items = [
      ...run.addresses.map((a) => ({ name: a.allocationId, result: a.result })),
      ...run.routes.map((r) => ({ name: `route ${r.destination}`, result: r.result })),
    ];
    if (items.length === 0) lines.push("  the controller answered nothing for this cluster");
    for (const { name, result: r } of items) {
      if (r.outcome === "planned") lines.push(`  ${name}:`, ...r.plan.map((step) => `    ${step}`));
      else if (r.outcome === "paused")
        lines.push(
          `  ${name}: paused since ${r.since}: the controller would carry out none of this (eip-failover resume --cluster ${report.cluster})`,
          ...r.plan.map((step) => `    ${step}`),
        );
      else lines.push(`  ${name}: ${r.outcome}${"reason" in r ? ` (${r.reason})` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
