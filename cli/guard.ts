import { type ParseArgsConfig, parseArgs } from "node:util";
import { COMMAND, ExitCode } from "./constants.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./types.ts";

/** Parsed options, or "help" when -h/--help was given. */
export type Parsed<T> = T | "help";

/**
 * Runs one subcommand the same way for all: `--help` prints the usage on stdout (0), a UsageError prints
 * its one line and a hint to --help on stderr (2), any other error prints one line (1). `body` returns the code.
 *
 * @example
 * return guard("status", USAGE, io, () => parseClusterArgs(argv), (options) => status(options, io));
 */
export async function guard<T>(
  name: string,
  usage: string,
  io: Io,
  parse: () => Parsed<T>,
  body: (options: T) => Promise<ExitCode>,
): Promise<ExitCode> {
  try {
    const options = parse();
    if (options === "help") {
      io.stdout(`${usage}\n`);
      return ExitCode.ok;
    }
    return await body(options);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`eip-failover ${name}: ${error.message}\n${hintOf(name)}\n`);
      return ExitCode.usage;
    }
    io.stderr(`eip-failover ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.finding;
  }
}

/** The second line of every usage error: where the valid options are listed. */
export const hintOf = (name?: string) => `try ${COMMAND}${name ? ` ${name}` : ""} --help`;

/**
 * Stops `stop()` (the embedded region) on SIGINT or SIGTERM, then exits 130. Returns the function that
 * removes the handlers again.
 */
export function stopOnSignal(stop: () => Promise<void> | undefined, io: Io): () => void {
  const interrupt = (signal: NodeJS.Signals) => {
    io.stderr(`\n${signal}: stopping the embedded region\n`);
    void (stop() ?? Promise.resolve()).finally(() => process.exit(ExitCode.interrupted));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  return () => {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  };
}

/**
 * The flags of a command line, parsed strictly (no positionals, no unknown flag) by `node:util`'s parseArgs.
 *
 * @throws UsageError with parseArgs's message (it names the flag) and a pointer to --help.
 * @example
 * const v = strictFlags(["--json"], { json: { type: "boolean", default: false } }); // v.json === true
 */
export function strictFlags<const O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
