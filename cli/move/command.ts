// `eip-failover move`: a planned switchover run on a node, the Pacemaker-native way (move and ban constraints
// with a lifetime, the scheduler does the rest), watched from EC2 so the operator sees whether the address
// ever pointed nowhere.
import type { EC2Client } from "@aws-sdk/client-ec2";
import { createEc2Client } from "../../core/index.ts";
import { ExitCode } from "../constants.ts";
import { UsageError } from "../errors.ts";
import { guard } from "../guard.ts";
import type { Io, Runs } from "../types.ts";
import { MOVE_USAGE, type MoveOptions, parseMoveArgs } from "./args.ts";
import { parseCib } from "./cib.ts";
import { type CrmStatus, parseCrmMon } from "./crm-mon.ts";
import { must, type Runner, runOnNode } from "./node-tools.ts";
import { type Observed, watchAddresses } from "./observe.ts";
import { type MoveDecision, planMove } from "./plan.ts";
import { type Outcome, settledOn } from "./settled.ts";

/** What the command needs from the world; tests pass fakes. */
export interface MoveDeps {
  readonly run: Runner;
  readonly ec2: () => EC2Client;
  readonly now: () => number;
  /** Milliseconds between crm_mon reads while waiting. */
  readonly pollMs: number;
}

const defaults: MoveDeps = { run: runOnNode, ec2: () => createEc2Client(), now: Date.now, pollMs: 250 };

const readStatus = async (run: Runner): Promise<CrmStatus> =>
  parseCrmMon(await must(run, ["crm_mon", "--output-as=xml", "-1"]));

/** The plan as lines: the dry run prints them, the real run carries out exactly them. */
export function planLines(plan: Extract<MoveDecision, { kind: "plan" }>, options: MoveOptions): string[] {
  const [prefer, ban, clear] = plan.steps.map((s) => s.join(" "));
  const watched = plan.allocationIds.length > 0 ? `, reading ${plan.allocationIds.join(", ")} from EC2` : "";
  return [
    `plan: move ${plan.unit} (${plan.members.map((m) => m.id).join(", ")}) from ${plan.from} to ${plan.to}`,
    `  1. ${prefer}`,
    `  2. ${ban}`,
    `  3. wait up to ${options.timeoutSeconds} s for ${plan.unit} started on ${plan.to} only${watched}`,
    `  4. ${clear}`,
  ];
}

/** Runs `move` with `deps`; resolves to the exit code. */
export async function move(options: MoveOptions, io: Io, deps: MoveDeps = defaults): Promise<ExitCode> {
  const status = await readStatus(deps.run);
  const cib = parseCib(await must(deps.run, ["cibadmin", "--query"]));
  const decision = planMove(status, cib, options);
  if (decision.kind === "refused") {
    if (decision.flag) throw new UsageError(decision.why);
    throw new Error(decision.why);
  }
  if (decision.kind === "nothing") {
    io.stdout(
      options.json
        ? `${JSON.stringify({ outcome: "nothing", unit: decision.unit, why: decision.why })}\n`
        : `nothing to move: ${decision.why}\n`,
    );
    return ExitCode.ok;
  }
  if (options.dryRun) {
    io.stdout(
      options.json
        ? `${JSON.stringify({ outcome: "planned", ...decision })}\n`
        : `${planLines(decision, options).join("\n")}\n`,
    );
    return ExitCode.ok;
  }
  const watch =
    decision.allocationIds.length > 0 ? watchAddresses(deps.ec2(), decision.allocationIds) : undefined;
  const t0 = deps.now();
  // The watch stops even when a step throws: its loop must not outlive the command.
  const outcome = await carryOut(decision, options, deps).finally(() => watch?.stop());
  const observed = (await watch?.stop()) ?? [];
  const seconds = (deps.now() - t0) / 1000;
  report(io, options, decision, outcome, seconds, observed);
  return outcome === "moved" ? ExitCode.ok : ExitCode.finding;
}

/** Runs the plan's steps, waiting between the ban and the clear; the clear only once it moved. */
async function carryOut(
  plan: Extract<MoveDecision, { kind: "plan" }>,
  options: MoveOptions,
  deps: MoveDeps,
): Promise<Outcome> {
  const [prefer, ban, clear] = plan.steps as [string[], string[], string[]];
  const t0 = deps.now();
  await must(deps.run, prefer);
  await must(deps.run, ban);
  let outcome: Outcome = "moving";
  while (outcome === "moving" && deps.now() - t0 < options.timeoutSeconds * 1000) {
    await new Promise((r) => setTimeout(r, deps.pollMs));
    outcome = settledOn(await readStatus(deps.run), plan);
  }
  if (outcome === "moving") return "timed out";
  if (outcome === "moved") await must(deps.run, clear);
  return outcome;
}

function report(
  io: Io,
  options: MoveOptions,
  plan: Extract<MoveDecision, { kind: "plan" }>,
  outcome: Outcome,
  seconds: number,
  observed: readonly Observed[],
): void {
  const { unit, from, to } = plan;
  if (options.json) {
    io.stdout(`${JSON.stringify({ outcome, unit, from, to, seconds, observed })}\n`);
    return;
  }
  const head =
    outcome === "moved"
      ? `moved ${unit} from ${from} to ${to} in ${seconds.toFixed(2)} s (constraints cleared)`
      : `${unit} did not move to ${to}: ${outcome} after ${seconds.toFixed(2)} s (the move and ban constraints stay until their lifetime ${options.lifetime} ends, or crm_resource --clear -r ${unit})`;
  const lines = observed.map((o) =>
    o.errors === o.reads
      ? `${o.allocationId}: not observed (every DescribeAddresses read failed: credentials or Region?)`
      : `${o.allocationId}: EC2 answered unassociated for ${o.unassociatedMs} ms (${o.reads} DescribeAddresses reads, one every ${o.everyMs} ms${o.errors ? `, ${o.errors} failed` : ""}; EC2's reads may lag its writes, and a shorter gap falls between two reads)`,
  );
  io.stdout(`${[head, ...lines].join("\n")}\n`);
}

/** The `move` subcommand. */
export const moveCommand: Runs = {
  run: (argv, io) =>
    guard(
      "move",
      MOVE_USAGE,
      io,
      () => parseMoveArgs(argv),
      (o) => move(o, io),
    ),
};
