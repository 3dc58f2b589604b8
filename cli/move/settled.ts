import type { CrmStatus } from "./crm-mon.ts";
import type { MoveDecision } from "./plan.ts";

/** Where a move stands: still moving, done, a member failed, or out of time (the caller's to say). */
export type Outcome = "moving" | "moved" | "failed" | "timed out";

/**
 * Whether crm_mon shows every member of the plan's unit started on the target and nowhere else. Pure.
 *
 * @example
 * settledOn(parseCrmMon(xml), plan) // "moved"
 */
export function settledOn(status: CrmStatus, plan: Extract<MoveDecision, { kind: "plan" }>): Outcome {
  const members = plan.members.map((m) => status.resources.find((r) => r.id === m.id));
  if (members.some((m) => m?.failed)) return "failed";
  const done = members.every((m) => m?.role === "Started" && m.on.length === 1 && m.on[0] === plan.to);
  return done ? "moved" : "moving";
}
