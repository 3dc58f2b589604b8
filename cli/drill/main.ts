// `npm start`: the failover drill on an embedded region. Exit 0 when the scenario went as expected,
// 1 when it did not (or the region could not start), 2 for a bad command line.
import type { Region } from "../../sim/region.ts";
import { parseDrillArgs, USAGE, UsageError } from "./args.ts";
import { renderReport } from "./render.ts";
import { runDrill } from "./run.ts";
import type { DrillOptions } from "./types.ts";

const ExitCode = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

function parse(): DrillOptions {
  try {
    const parsed = parseDrillArgs(process.argv.slice(2));
    if (parsed === "help") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(ExitCode.ok);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`eip-failover drill: ${error.message}\n\n${USAGE}\n`);
    process.exit(ExitCode.usage);
  }
}

// The SDK's notice about future Node versions is noise in a drill report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const options = parse();
let region: Region | undefined;
const interrupt = (signal: NodeJS.Signals) => {
  process.stderr.write(`\n${signal}: stopping the embedded region\n`);
  void (region?.stop() ?? Promise.resolve()).finally(() => process.exit(ExitCode.interrupted));
};
process.once("SIGINT", interrupt);
process.once("SIGTERM", interrupt);

try {
  const report = await runDrill(options, {
    note: (text) => process.stderr.write(`${text}\n`),
    started: (r) => {
      region = r;
    },
  });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  process.exitCode = report.ok ? ExitCode.ok : ExitCode.failed;
} catch (error) {
  process.stderr.write(
    `eip-failover drill failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = ExitCode.failed;
}
