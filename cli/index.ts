// The operator's command `eip-failover`: its public face. The executable is eip-failover.mjs (package.json
// "bin"); each subcommand is a Command in its own folder (status/, doctor/, drill/), and harness/ holds
// what the commands and the tests share over the embedded region.
export { COMMANDS } from "./commands.ts";
export { COMMAND, EXIT_CODES_HELP, ExitCode } from "./constants.ts";
export { deployClassic, embeddedRegion } from "./embedded.ts";
export { UsageError } from "./errors.ts";
export { main, processIo, usage } from "./main.ts";
export type { Command, Io } from "./types.ts";
