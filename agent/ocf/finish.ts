// Covered by test/integration/agent/exit-codes.test.ts (one log line, one exit-reason line, the OCF code).
import type { AgentEnvironment } from "./environment.ts";
import type { Outcome } from "./exit.ts";
import { sinceStart } from "./uptime.ts";

/** The one exit-reason line Pacemaker shows, on one line whatever the message holds. */
export function exitReasonLine(env: AgentEnvironment, reason: string): string {
  return `${env.exitReasonPrefix}${reason.replace(/\s*\n\s*/g, " ")}\n`;
}

/**
 * Writes the action's one log line (and for a failure the one exit-reason line), then exits. Both agents
 * (eip, route) end every action here.
 */
export function finish(
  action: string,
  env: AgentEnvironment,
  outcome: Outcome,
  t0: number,
  timings = "",
): never {
  const now = sinceStart();
  const what = "reason" in outcome ? outcome.reason : outcome.note;
  const where = `${(now - t0).toFixed(0)} ms${timings ? `: ${timings}` : ""}; ${now.toFixed(0)} ms since process start`;
  process.stderr.write(
    `eip-failover[${env.resource}] ${action || "(none)"}: ${what} (rc=${outcome.code}, ${where})\n`,
  );
  if ("reason" in outcome) process.stderr.write(exitReasonLine(env, outcome.reason));
  process.exit(outcome.code);
}
