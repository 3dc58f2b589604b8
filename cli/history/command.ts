// `eip-failover history`: each failover as a timeline, read from the stack's failover history (functions/stack/history.cjs).
import type { Region } from "../../sim/region.ts";
import { ExitCode } from "../constants.ts";
import { parseDrillArgs } from "../drill/args.ts";
import { runScenarioOn } from "../drill/run.ts";
import type { DrillOptions } from "../drill/types.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import { type Session, withSession } from "../session.ts";
import { sourceLine } from "../source.ts";
import type { Io, Runs } from "../types.ts";
import { type HistoryOptions, parseHistoryArgs, USAGE } from "./args.ts";
import { clusterNames, readNotices } from "./read.ts";
import { type HistoryReport, historyJson, renderHistory } from "./render.ts";
import { failoversOf } from "./timeline.ts";

/** The proxy log names the command's own calls by this access key id. */
export const HISTORY_CLIENT = "history";

/**
 * The failovers of the deployment's history in the window `options` asks for, ending `now` (epoch ms). A --cluster
 * that no document and no notice of the window names is a UsageError naming the clusters there are.
 */
export async function historyOf(
  session: Pick<Session, "clients" | "stack">,
  options: Pick<HistoryOptions, "cluster" | "sinceMs" | "since">,
  now: number,
): Promise<HistoryReport> {
  const { clients, stack } = session;
  const startTime = now - options.sinceMs;
  const { cluster } = options;
  const notices = await readNotices(clients, stack, {
    startTime,
    endTime: now,
    ...(cluster ? { cluster } : {}),
  });
  if (cluster !== undefined && notices.length === 0) {
    const names = await clusterNames(clients, stack);
    if (!names.includes(cluster))
      throw new UsageError(
        `--cluster '${cluster}' is not a cluster here (clusters: ${names.join(", ") || "none"})`,
      );
  }
  return {
    startTime,
    endTime: now,
    since: options.since,
    ...(cluster ? { cluster } : {}),
    logGroup: stack.historyLogGroup ?? "",
    failovers: failoversOf(notices),
  };
}

/**
 * The embedded region keeps nothing between commands (moto holds it in memory and each command stops it), so
 * `history --embedded` first runs the drill's default scenario on the region it started: its notice reaches the
 * embedded stack's history (the packaged template's own) as a deployed controller's reaches the real one.
 */
async function drillFirst(sim: Region, io: Io): Promise<void> {
  const options = parseDrillArgs([]) as DrillOptions;
  io.stderr(
    `running the drill (--scenario ${options.scenario}) on it: its failover is the history to show\n`,
  );
  const run = await runScenarioOn(sim, options);
  io.stderr(`drill: ${run.verdict.ok ? "" : "not as expected: "}${run.verdict.why}\n`);
}

/** The `history` subcommand. */
export const history: Runs = {
  run: (argv, io) =>
    guard(
      "history",
      USAGE,
      io,
      () => parseHistoryArgs(argv),
      (options) =>
        withSession(io, options.where, HISTORY_CLIENT, async (session) => {
          if (session.sim) await drillFirst(session.sim, io);
          const report = await historyOf(session, options, Date.now());
          io.stdout(
            options.json
              ? `${JSON.stringify({ source: session.source, ...historyJson(report) }, null, 2)}\n`
              : `${sourceLine(session.source)}\n\n${renderHistory(report)}`,
          );
          return ExitCode.ok;
        }),
    ),
};
