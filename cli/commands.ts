import { dlq } from "./dlq/command.ts";
import { doctor } from "./doctor/command.ts";
import { drill } from "./drill/command.ts";
import { history } from "./history/command.ts";
import { moveCommand } from "./move/command.ts";
import { pause, resume } from "./pause/command.ts";
import { status } from "./status/command.ts";
import type { Command } from "./types.ts";

/** Every subcommand of `eip-failover`, in the order the usage lists them. */
export const COMMANDS: readonly Command[] = [status, doctor, drill, history, pause, resume, dlq, moveCommand];
