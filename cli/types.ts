import type { ExitCode } from "./constants.ts";

/** Where a subcommand writes: stdout for its answer (text or JSON), stderr for notes to people. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal: redrawn lines only then. */
  readonly isTty: boolean;
  /** Colour on stdout: a terminal, and NO_COLOR unset or empty (no-color.org). */
  readonly colour: boolean;
  /**
   * Asks a person `question` on the terminal and resolves to their answer; undefined when stdin is no terminal
   * (nobody to ask: a command that needs a confirmation then refuses, unless told --yes).
   */
  readonly ask?: (question: string) => Promise<string>;
}

/** What a subcommand's module gives: how it runs. */
export interface Runs {
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. Never throws. */
  run(argv: readonly string[], io: Io): Promise<ExitCode>;
}

/** One subcommand of `eip-failover`: its name and line in the usage, and its module's run (commands.ts). */
export interface Command extends Runs {
  readonly name: string;
  /** One line for the command's own usage. */
  readonly summary: string;
}
