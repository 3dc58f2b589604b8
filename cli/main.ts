import { createInterface } from "node:readline/promises";
import { VERSION } from "../agent/ocf/version.ts";
import { COMMANDS } from "./commands.ts";
import { COMMAND, EXIT_CODES_HELP, ExitCode } from "./constants.ts";
import { hintOf } from "./guard.ts";
import type { Io } from "./types.ts";

/** The top-level usage: every subcommand with its one-line summary. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `usage: ${COMMAND} <command> [options]     (${COMMAND} <command> --help for its options; --version)`,
    "",
    "commands (each takes --help and --json; status, doctor, history, pause, resume and dlq look at the real",
    "account through the standard AWS credential chain, or with --embedded at an embedded region they start and",
    "stop; drill runs on the embedded region, and with --live --cluster NAME is a dry run on the real account):",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    EXIT_CODES_HELP,
  ].join("\n");
}

/**
 * Whether to colour stdout: a terminal, unless NO_COLOR is set to anything but "" (no-color.org). Pure.
 *
 * @example
 * wantsColour(true, { NO_COLOR: "1" }) // false
 */
export function wantsColour(isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTty && !env.NO_COLOR;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  colour: wantsColour(Boolean(process.stdout.isTTY), process.env),
  ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
};

/** One question on the terminal (stderr, so stdout stays the answer), one line read from stdin. */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

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
    io.stderr(`${COMMAND}: ${what} (valid: ${valid})\n${hintOf()}\n`);
    return ExitCode.usage;
  }
  return command.run(rest, io);
}
