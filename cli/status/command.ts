// `eip-failover status`: where each cluster's addresses are, and what the controller would do now.
import { ExitCode } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import { headOf } from "../paused.ts";
import { type Session, withSession } from "../session.ts";
import { sourceLine } from "../source.ts";
import type { Runs } from "../types.ts";
import { parseClusterArgs, type StatusOptions, USAGE } from "./args.ts";
import { observeClusters } from "./observe.ts";
import { clusterStatus } from "./plan.ts";
import { renderStatus } from "./render.ts";
import type { StatusReport } from "./types.ts";

/** The proxy log names the command's own calls by this access key id. */
export const STATUS_CLIENT = "status";

/**
 * The status of every cluster of the deployment (only `options.cluster` when given): observed, then planned.
 * Unknown --cluster is a UsageError naming the clusters there are.
 */
export async function statusOf(
  session: Pick<Session, "clients" | "stack">,
  options: Pick<StatusOptions, "cluster">,
): Promise<StatusReport> {
  const { clients, stack } = session;
  const observed = await observeClusters({
    ec2: clients.ec2,
    ssm: clients.ssm,
    cloudwatch: clients.cloudwatch,
    prefix: stack.configPrefix,
    alarmPrefix: stack.alarmPrefix,
  });
  const clusters = observed.clusters.filter(
    (c) => options.cluster === undefined || c.name === options.cluster,
  );
  if (options.cluster !== undefined && clusters.length === 0)
    throw new UsageError(
      `--cluster '${options.cluster}' is not a cluster here (clusters: ${observed.clusters.map((c) => c.name).join(", ") || "none"})`,
    );
  return { clusters: clusters.map(clusterStatus), invalid: options.cluster ? [] : observed.invalid };
}

/** Exit code of a status: 1 when anything drifted or a document is invalid. */
export function statusExit(report: StatusReport): ExitCode {
  const drift = report.clusters.some((c) => c.warnings.length > 0) || report.invalid.length > 0;
  return drift ? ExitCode.finding : ExitCode.ok;
}

/** The `status` subcommand. */
export const status: Runs = {
  run: (argv, io) =>
    guard(
      "status",
      USAGE,
      io,
      () => parseClusterArgs(argv),
      (options) =>
        withSession(io, options.where, STATUS_CLIENT, async (session) => {
          const report = await statusOf(session, options);
          io.stdout(
            options.json
              ? `${JSON.stringify({ source: session.source, ...report }, null, 2)}\n`
              : `${headOf(sourceLine(session.source), report.clusters)}${renderStatus(report, io.colour)}`,
          );
          return statusExit(report);
        }),
    ),
};
