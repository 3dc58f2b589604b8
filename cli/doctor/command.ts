// `eip-failover doctor`: would failover work if the holder died this minute? One line per check.
import { ExitCode } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import { headOf, type Pause } from "../paused.ts";
import { type Session, withSession } from "../session.ts";
import { sourceLine } from "../source.ts";
import { parseClusterArgs, type StatusOptions } from "../status/args.ts";
import type { Runs } from "../types.ts";
import { renderChecks, runChecks } from "./checks.ts";
import { observeDeployment } from "./observe.ts";
import type { CheckResult } from "./types.ts";
import { USAGE } from "./usage.ts";

/** The proxy log names the doctor's own calls by this access key id. */
export const DOCTOR_CLIENT = "doctor";

/** A doctor run: every check, and the clusters that are paused (`eip-failover pause`), each with its pause. */
export interface DoctorRun {
  readonly checks: CheckResult[];
  readonly paused: readonly { readonly name: string; readonly paused: Pause }[];
}

/**
 * Every check of the deployment (only `options.cluster`'s, and the stack's own, when a cluster is given).
 * Unknown --cluster is a UsageError naming the clusters there are.
 */
export async function doctorOf(
  session: Pick<Session, "clients" | "stack" | "invoke">,
  options: Pick<StatusOptions, "cluster">,
): Promise<CheckResult[]> {
  return (await doctorRun(session, options)).checks;
}

/** {@link doctorOf}, with the paused clusters (only `options.cluster`, when given) the first lines name. */
export async function doctorRun(
  session: Pick<Session, "clients" | "stack" | "invoke">,
  options: Pick<StatusOptions, "cluster">,
): Promise<DoctorRun> {
  const observation = await observeDeployment(session);
  const results = runChecks(observation);
  const names = [...new Set(results.flatMap((r) => r.cluster ?? []))];
  const known = observation.unread?.documents === undefined;
  if (options.cluster !== undefined && known && !names.includes(options.cluster))
    throw new UsageError(
      `--cluster '${options.cluster}' is not a cluster here (clusters: ${names.join(", ") || "none"})`,
    );
  const mine = (name: string | undefined) =>
    options.cluster === undefined || name === undefined || name === options.cluster;
  return {
    checks: results.filter((r) => mine(r.cluster)),
    paused: observation.clusters.flatMap((c) =>
      c.paused && mine(c.name) ? [{ name: c.name, paused: c.paused }] : [],
    ),
  };
}

/** Exit code of a doctor run: 1 when any check failed or is unknown (a read it needs failed). */
export function doctorExit(results: readonly CheckResult[]): ExitCode {
  return results.every((r) => r.ok) ? ExitCode.ok : ExitCode.finding;
}

/** The `doctor` subcommand. */
export const doctor: Runs = {
  run: (argv, io) =>
    guard(
      "doctor",
      USAGE,
      io,
      () => parseClusterArgs(argv),
      (options) =>
        withSession(io, options.where, DOCTOR_CLIENT, async (session) => {
          const { checks, paused } = await doctorRun(session, options);
          io.stdout(
            options.json
              ? `${JSON.stringify({ source: session.source, paused, checks }, null, 2)}\n`
              : `${headOf(sourceLine(session.source), paused)}${renderChecks(checks)}`,
          );
          return doctorExit(checks);
        }),
    ),
};
