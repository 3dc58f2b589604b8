import { VERSION } from "../agent/index.ts";
import { COMMANDS } from "./commands.ts";
import { COMMAND, EXIT_CODES_HELP, ExitCode } from "./constants.ts";
import type { Io } from "./types.ts";

/** The top-level usage: every subcommand with its one-line summary. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `usage: ${COMMAND} <command> [options]     (${COMMAND} <command> --help for its options; --version)`,
    "",
    "commands (each takes --help and --json; all run on an embedded region that they start and stop):",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    EXIT_CODES_HELP,
  ].join("\n");
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
};

/**
 * Runs `eip-failover <command> …` and resolves to its exit code: the subcommand's, 0 for `--help` and
 * `--version` (package.json's, as the agents say it), 2 for a missing or unknown command.
 *
 * @example
 * process.exitCode = await main(["status", "--json"]);
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "-h" || name === "--help" || name === "help") {
    io.stdout(`${usage()}\n`);
    return ExitCode.ok;
  }
  if (name === "--version") {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const valid = COMMANDS.map((c) => c.name).join(", ");
    const what = name === undefined ? "no command given" : `unknown command '${name}'`;
    io.stderr(`${COMMAND}: ${what} (valid: ${valid})\n\n${usage()}\n`);
    return ExitCode.usage;
  }
  return command.run(rest, io);
}
