// `eip-failover doctor`: would failover work if the holder died this minute? One line per check.
import type { Region } from "../../sim/region.ts";
import { ExitCode } from "../constants.ts";
import { onEmbeddedRegion } from "../embedded.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import { parseClusterArgs, type StatusOptions } from "../status/args.ts";
import type { Command } from "../types.ts";
import { renderChecks, runChecks } from "./checks.ts";
import { observeForDoctor } from "./observe.ts";
import type { CheckResult } from "./types.ts";
import { USAGE } from "./usage.ts";

/** The proxy log names the doctor's own calls by this access key id. */
export const DOCTOR_CLIENT = "doctor";

/** Every check on `region` (only `options.cluster` when given). Unknown --cluster is a UsageError. */
export async function doctorOf(
  region: Region,
  options: Pick<StatusOptions, "cluster">,
): Promise<CheckResult[]> {
  const results = runChecks(
    await observeForDoctor({ ec2: region.ec2(DOCTOR_CLIENT), ssm: region.ssm(DOCTOR_CLIENT) }),
  );
  const names = [...new Set(results.map((r) => r.cluster))];
  if (options.cluster !== undefined && !names.includes(options.cluster))
    throw new UsageError(
      `--cluster '${options.cluster}' is not a cluster here (clusters: ${names.join(", ") || "none"})`,
    );
  return results.filter((r) => options.cluster === undefined || r.cluster === options.cluster);
}

/** The `doctor` subcommand. */
export const doctor: Command = {
  name: "doctor",
  summary: "one line per setup check (✓ or ✗ with its fix): documents, tags, ENI tags, IMDSv2",
  run: (argv, io) =>
    guard(
      "doctor",
      USAGE,
      io,
      () => parseClusterArgs(argv),
      (options) =>
        onEmbeddedRegion(io, async (region) => {
          const results = await doctorOf(region, options);
          io.stdout(
            options.json ? `${JSON.stringify({ checks: results }, null, 2)}\n` : renderChecks(results),
          );
          return results.every((r) => r.ok) ? ExitCode.ok : ExitCode.finding;
        }),
    ),
};
