// `eip-failover pause` and `resume`: the controller stops (or starts again) acting for one cluster, without a
// redeploy, through a field of the cluster's own document, the one place the controller reads about it.
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { CONFIG_CACHE_SECONDS } from "../../functions/constants.ts";
import { COMMAND, ExitCode } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import type { Pause } from "../paused.ts";
import { type Session, withSession } from "../session.ts";
import type { Io, Runs } from "../types.ts";
import { PAUSE_USAGE, type PauseOptions, parsePauseArgs, RESUME_USAGE } from "./args.ts";
import { editPause } from "./document.ts";

/** The proxy log names the command's own calls by this access key id. */
export const PAUSE_CLIENT = "pause";

/** What `pause` or `resume` did: the document's parameter, its pause now, and whether it was written. */
export interface PauseResult {
  readonly cluster: string;
  readonly parameter: string;
  /** The pause now in the document; undefined: not paused. */
  readonly paused: Pause | undefined;
  /** False when the document already said so (nothing written). */
  readonly changed: boolean;
  /** The parameter's version after the write (or as found). */
  readonly version: number | undefined;
  /** Set when someone else wrote the document between our read and our write (our version is not theirs + 1). */
  readonly raced?: string;
}

/**
 * Sets (`pause` given) or removes (undefined) the pause of cluster `name` in its document, keeping its type and
 * its other fields. Nothing is written when the document already says so.
 *
 * @throws UsageError when the cluster has no document (naming where it looked); Error when its document is
 * invalid (it is not rewritten).
 * @example
 * await setPause(session, "web", { since: new Date().toISOString() });
 */
export async function setPause(
  session: Pick<Session, "clients" | "stack">,
  name: string,
  pause: Pause | undefined,
): Promise<PauseResult> {
  const parameter = `${session.stack.configPrefix}${name}`;
  const found = await session.clients.ssm
    .send(new GetParameterCommand({ Name: parameter }))
    .catch((error: unknown) => {
      if ((error as Error).name === "ParameterNotFound")
        throw new UsageError(`--cluster '${name}' is not a cluster here (no document at ${parameter})`);
      throw error;
    });
  const text = found.Parameter?.Value ?? "";
  const version = found.Parameter?.Version;
  const edit = editPause(parameter, text, pause);
  // Not a bad command line: the document needs fixing first (exit 1, one line).
  if (edit.kind === "invalid") throw new Error(`cannot ${pause ? "pause" : "resume"} ${name}: ${edit.why}`);
  if (edit.kind === "already")
    return { cluster: name, parameter, paused: edit.cluster.paused, changed: false, version };
  const put = await session.clients.ssm.send(
    new PutParameterCommand({
      Name: parameter,
      Value: edit.text,
      Type: found.Parameter?.Type ?? "String",
      Overwrite: true,
    }),
  );
  const raced =
    version !== undefined && put.Version !== undefined && put.Version !== version + 1
      ? `the document changed between this command's read (version ${version}) and its write (version ${put.Version}): check ${parameter}`
      : undefined;
  return {
    cluster: name,
    parameter,
    paused: edit.cluster.paused,
    changed: true,
    version: put.Version,
    ...(raced ? { raced } : {}),
  };
}

/** The one confirmation line of a pause or resume. Pure. */
export function confirmation(result: PauseResult, where: string): string {
  const { cluster, parameter, paused } = result;
  if (paused)
    return result.changed
      ? `paused ${cluster} (${where}): within ${CONFIG_CACHE_SECONDS} s the controller plans its failovers and carries out none, recording each as "paused"; ${parameter} version ${result.version}; undo with ${COMMAND} resume --cluster ${cluster}`
      : `${cluster} is already paused since ${paused.since} (${where}); nothing written`;
  return result.changed
    ? `resumed ${cluster} (${where}): within ${CONFIG_CACHE_SECONDS} s the controller acts for it again (the next sweep moves what a failure left while it was paused); ${parameter} version ${result.version}`
    : `${cluster} is not paused (${where}); nothing written`;
}

/** `pause` (with a pause) or `resume` (without): the command's body. */
function run(options: PauseOptions, io: Io, pause: () => Pause | undefined): Promise<ExitCode> {
  return withSession(io, options.where, PAUSE_CLIENT, async (session) => {
    const result = await setPause(session, options.cluster, pause());
    io.stdout(
      options.json
        ? `${JSON.stringify({ source: session.source, ...result }, null, 2)}\n`
        : `${confirmation(result, session.description)}\n`,
    );
    if (result.raced) io.stderr(`warning: ${result.raced}\n`);
    return ExitCode.ok;
  });
}

/** The `pause` subcommand. */
export const pause: Runs = {
  run: (argv, io) =>
    guard(
      "pause",
      PAUSE_USAGE,
      io,
      () => parsePauseArgs(argv, true),
      (options) =>
        run(options, io, () => ({
          since: new Date().toISOString(),
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        })),
    ),
};

/** The `resume` subcommand. */
export const resume: Runs = {
  run: (argv, io) =>
    guard(
      "resume",
      RESUME_USAGE,
      io,
      () => parsePauseArgs(argv, false),
      (options) => run(options, io, () => undefined),
    ),
};
