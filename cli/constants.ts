/** The command's name, as package.json's "bin" installs it. */
export const COMMAND = "eip-failover";

/**
 * Exit codes of every subcommand: 0 all good, 1 a finding or a failure, 2 a bad command line (130 when
 * interrupted, as shells expect after SIGINT).
 */
export const ExitCode = { ok: 0, finding: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as `--help` and the README document them. */
export const EXIT_CODES_HELP = `exit codes:
  0  all good
  1  a finding (a check failed, drift, a drill that did not go as expected) or a failure to run
  2  a bad command line (the message names the flag, the value and what would be valid)`;
