// `eip-failover dlq`: the decisions the controller gave up on (the stack's dead-letter queue), each with what it
// was about and why it is there; `--redrive` sends them back to the decisions queue after a confirmation.
import { EXIT_CODES_HELP, ExitCode } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { guard, type Parsed, strictFlags } from "../guard.ts";
import { type Session, withSession } from "../session.ts";
import { sourceLine } from "../source.ts";
import type { Io, Runs } from "../types.ts";
import { LIVE_BY_DEFAULT_HELP, WHERE_OPTIONS, type Where, whereOf } from "../where.ts";
import { type DeadLetter, deadLetterOf, renderDeadLetters } from "./describe.ts";
import { MAX_LISTED, receiveAll, redrive, release } from "./queue.ts";

/** The proxy log names the command's own calls by this access key id. */
export const DLQ_CLIENT = "dlq";

/** What `dlq` was asked for, validated. */
export interface DlqOptions {
  readonly redrive: boolean;
  /** Redrive without asking. */
  readonly yes: boolean;
  readonly json: boolean;
  readonly where: Where;
}

const OPTIONS = {
  ...WHERE_OPTIONS,
  redrive: { type: "boolean", default: false },
  yes: { type: "boolean", short: "y", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const USAGE = `usage: eip-failover dlq [--redrive [--yes]] [--json] [--region NAME] [--stack NAME] [--embedded]

Lists the stack's dead-letter queue (output DeadLetterQueueUrl): each failure event the controller gave up on,
with what it was about (instance, state or alarm) and why it is there: EventBridge could not deliver it (its
error code), or its decision failed on every receive the decisions queue allows (the failover function's log
names each error). Listing changes nothing but the messages' receive counts (at most ${MAX_LISTED} are read).
With --redrive, after a confirmation, each is sent back to the decisions queue (output DecisionsQueueUrl) and
removed from the dead-letter queue: the controller decides it again, as of now.

  --redrive         send them back to the decisions queue (asks first)
  -y, --yes         with --redrive: do not ask (needed without a terminal)
  --json            one JSON document on stdout instead of the listing
${LIVE_BY_DEFAULT_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}
  (1 also when the queue holds messages and they were not redriven)`;

/**
 * Parses `dlq`'s command line.
 *
 * @throws UsageError naming the flag and what would be valid.
 * @example
 * parseDlqArgs(["--redrive", "--yes"]) // { redrive: true, yes: true, json: false, where: { live: true, … } }
 */
export function parseDlqArgs(argv: readonly string[]): Parsed<DlqOptions> {
  const v = strictFlags(argv, OPTIONS);
  if (v.help) return "help";
  if (v.yes && !v.redrive) throw new UsageError("--yes applies only to --redrive (a listing asks nothing)");
  return { redrive: v.redrive, yes: v.yes, json: v.json, where: whereOf(v, true) };
}

/** What the dead-letter queue holds, read once (each message then visible again), and the queues' URLs. */
export async function listDeadLetters(session: Pick<Session, "clients" | "stack">): Promise<DeadLetter[]> {
  const url = queueOf(session);
  const messages = await receiveAll(session.clients.sqs, url);
  await release(session.clients.sqs, url, messages);
  return messages.map(deadLetterOf);
}

function queueOf(session: Pick<Session, "stack">): string {
  const url = session.stack.deadLetterQueueUrl;
  if (!url)
    throw new Error(`stack ${session.stack.stackName} has no dead-letter queue (output DeadLetterQueueUrl)`);
  return url;
}

/**
 * Redrives every message of the dead-letter queue to the decisions queue once `confirm` says yes.
 * Resolves to the letters and how many were moved (0 when refused or there were none).
 */
export async function redriveDeadLetters(
  session: Pick<Session, "clients" | "stack">,
  confirm: (letters: readonly DeadLetter[], to: string) => Promise<boolean>,
): Promise<{ letters: DeadLetter[]; redriven: number }> {
  const from = queueOf(session);
  const to = session.stack.decisionsQueueUrl;
  if (!to)
    throw new Error(`stack ${session.stack.stackName} has no decisions queue (output DecisionsQueueUrl)`);
  const messages = await receiveAll(session.clients.sqs, from);
  const letters = messages.map(deadLetterOf);
  if (messages.length === 0 || !(await confirm(letters, to))) {
    await release(session.clients.sqs, from, messages);
    return { letters, redriven: 0 };
  }
  return { letters, redriven: await redrive(session.clients.sqs, from, to, messages) };
}

/** The person's yes, on the terminal; --yes answers for them. */
function confirmer(options: DlqOptions, io: Io) {
  return async (letters: readonly DeadLetter[], to: string) => {
    if (options.yes) return true;
    if (!io.ask) return false;
    io.stderr(renderDeadLetters(letters));
    const answer = await io.ask(`redrive ${letters.length} to ${to}? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  };
}

async function run(options: DlqOptions, io: Io): Promise<ExitCode> {
  if (options.redrive && !options.yes && !io.ask)
    throw new UsageError(
      "--redrive asks before it sends anything, and there is no terminal to ask: add --yes",
    );
  return withSession(io, options.where, DLQ_CLIENT, async (session) => {
    if (!options.redrive) {
      const letters = await listDeadLetters(session);
      io.stdout(
        options.json
          ? `${JSON.stringify({ source: session.source, deadLetters: letters }, null, 2)}\n`
          : `${sourceLine(session.source)}\n\n${renderDeadLetters(letters)}`,
      );
      return letters.length === 0 ? ExitCode.ok : ExitCode.finding;
    }
    const { letters, redriven } = await redriveDeadLetters(session, confirmer(options, io));
    const said =
      letters.length === 0
        ? "the dead-letter queue is empty: nothing to redrive"
        : redriven === 0
          ? `not redriven: ${letters.length} left in the dead-letter queue`
          : `redrove ${redriven} of ${letters.length} to the decisions queue: the controller decides each again now`;
    io.stdout(
      options.json
        ? `${JSON.stringify({ source: session.source, deadLetters: letters, redriven }, null, 2)}\n`
        : `${sourceLine(session.source)}\n\n${said}\n`,
    );
    return redriven === letters.length ? ExitCode.ok : ExitCode.finding;
  });
}

/** The `dlq` subcommand. */
export const dlq: Runs = {
  run: (argv, io) =>
    guard(
      "dlq",
      USAGE,
      io,
      () => parseDlqArgs(argv),
      (options) => run(options, io),
    ),
};
