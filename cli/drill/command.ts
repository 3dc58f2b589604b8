// `eip-failover drill` (and `npm start`): the failover drill on an embedded region. Exit 0 when the
// scenario went as expected, 1 when it did not (or the region could not start), 2 for a bad command line.
import type { Region } from "../../sim/region.ts";
import { ExitCode } from "../constants.ts";
import { guard, stopOnSignal } from "../guard.ts";
import { withSession } from "../session.ts";
import { EMBEDDED_SOURCE } from "../source.ts";
import type { Runs } from "../types.ts";
import { parseDrillArgs, USAGE } from "./args.ts";
import { renderReport } from "./render.ts";
import { runDrill } from "./run.ts";
import { renderWhatIf, whatIfDrill } from "./what-if.ts";

/** The proxy log names the dry run's own calls (not the controller's) by this access key id. */
export const WHAT_IF_CLIENT = "drill";

/** The `drill` subcommand. */
export const drill: Runs = {
  run: (argv, io) =>
    guard(
      "drill",
      USAGE,
      io,
      () => parseDrillArgs(argv),
      async (options) => {
        if ("cluster" in options)
          return withSession(io, options.where, WHAT_IF_CLIENT, async (session) => {
            const region = await session.clients.ec2.config.region();
            const report = await whatIfDrill(session, options.cluster, region);
            io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderWhatIf(report));
            return report.ok ? ExitCode.ok : ExitCode.finding;
          });
        let region: Region | undefined;
        const release = stopOnSignal(() => region?.stop(), io);
        try {
          const report = await runDrill(options, {
            note: (text) => io.stderr(`${text}\n`),
            started: (r) => {
              region = r;
            },
          });
          io.stdout(
            options.json
              ? `${JSON.stringify({ source: EMBEDDED_SOURCE, ...report }, null, 2)}\n`
              : renderReport(report),
          );
          return report.ok ? ExitCode.ok : ExitCode.finding;
        } finally {
          release();
        }
      },
    ),
};
