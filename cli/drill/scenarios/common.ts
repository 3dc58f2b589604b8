import { type FailoverReport, NOTICE_SOURCE } from "../../../functions/index.ts";
import {
  type AlarmStateChangeEvent,
  alarmStateChange,
  type InstanceStateChangeEvent,
  instanceStateChange,
} from "../../../sim/events.ts";
import type { Region } from "../../../sim/region.ts";
import { createDrillController, type DrillController, type Invocation, type LogSink } from "../controller.ts";
import type { Progress } from "../progress.ts";
import type { DrillStack } from "../stack.ts";
import { describeLog, mergeTimeline, noticeText, type Recorder } from "../timeline.ts";
import type { AddressCheck, DrillOptions, ScenarioRun } from "../types.ts";
import { type ClusterDoc, checkAddresses, stopInstances, type World } from "../world.ts";

/** Everything a scenario may touch. */
export interface ScenarioContext {
  readonly region: Region;
  readonly world: World;
  readonly recorder: Recorder;
  readonly options: DrillOptions;
  readonly progress: Progress;
  /** The stack deployed in the region: its rules route the scenario's events, its queue's shape is the drill's. */
  readonly stack: DrillStack;
}

export type ScenarioFn = (ctx: ScenarioContext) => Promise<ScenarioRun>;

/** Instance id → "nodeA" / "nodeB" for the classic topology. */
export function classicNames(region: Region): Record<string, string> {
  const { A, B } = region.topology.nodes;
  return { [A.instanceId]: "nodeA", [B.instanceId]: "nodeB" };
}

/** The classic topology's one cluster. */
export const CLASSIC_CLUSTER = "web";

/** The classic cluster document: the one EIP, members A then B. */
export function classicDoc(region: Region, over: Partial<ClusterDoc> = {}): ClusterDoc {
  const { nodes, eip } = region.topology;
  return {
    name: CLASSIC_CLUSTER,
    addresses: [{ allocationId: eip.allocationId }],
    members: [{ instanceId: nodes.A.instanceId }, { instanceId: nodes.B.instanceId }],
    fencing: "none",
    graceSeconds: 0,
    ...over,
  };
}

/** A log sink writing the controller's lines onto the timeline as "handler" entries. */
export function handlerSink(ctx: ScenarioContext): LogSink {
  return (level, message, extra) =>
    ctx.recorder.add("handler", `${level === "info" ? "" : `${level}: `}${describeLog(message, extra)}`);
}

/**
 * The real controller with its log lines on the timeline as "handler" entries, and each failover notice it
 * puts on the sim's bus as a "notice" entry.
 */
export function timelineController(ctx: ScenarioContext): DrillController {
  ctx.region.proxy.bus.subscribe((entry) => {
    if (entry.source === NOTICE_SOURCE) ctx.recorder.add("notice", noticeText(entry));
  });
  return createDrillController(ctx.region, handlerSink(ctx), {
    dryRun: ctx.options.dryRun,
    stack: ctx.stack,
  });
}

/** The outcomes of one invocation, per address then per route; a thrown invocation counts as one "error". */
export function outcomesOf(invocation: Invocation): string[] {
  if ("error" in invocation) return ["error"];
  const { addresses, routes } = invocation.report;
  return [...addresses, ...routes].map((a) => a.result.outcome);
}

/** Handler errors of one invocation: a throw, or error-like outcomes it reported. */
export function errorsOf(invocation: Invocation): number {
  if ("error" in invocation) return 1;
  return countErrors(invocation.report);
}

/** Addresses and routes whose outcome is an error or a failed fence. */
export function countErrors(
  report: Pick<FailoverReport, "addresses"> & Partial<Pick<FailoverReport, "routes">>,
): number {
  return [...report.addresses, ...(report.routes ?? [])].filter((a) =>
    ["error", "fencing-failed"].includes(a.result.outcome),
  ).length;
}

/** The one classic address, checked in moto. */
export async function checkClassic(ctx: ScenarioContext): Promise<AddressCheck> {
  const { eip, nodes } = ctx.region.topology;
  const [check] = await checkAddresses(ctx.world, [
    { cluster: CLASSIC_CLUSTER, allocationId: eip.allocationId, before: nodes.A.instanceId },
  ]);
  const names = classicNames(ctx.region);
  const where = check?.after ? `${names[check.after] ?? ""} ${check.after} (${check.afterState})` : "nobody";
  ctx.recorder.add("drill", `moto says: ${eip.publicIp} is on ${where}`);
  return check!;
}

/** Decisions merged with every call the proxy saw. */
export function classicEntries(ctx: ScenarioContext) {
  return mergeTimeline(ctx.recorder.entries(), ctx.region.proxy.log.entries());
}

/** A verdict from named checks: ok when all hold; otherwise the first failing one's name. */
export function verdictOf(pass: string, checks: readonly (readonly [boolean, string])[]) {
  const failed = checks.find(([ok]) => !ok);
  return failed ? { ok: false, why: failed[1] } : { ok: true, why: pass };
}

/** Accepted mutating EC2 calls by one client. */
export function mutatingBy(ctx: ScenarioContext, client: string): number {
  return ctx.region.proxy.log
    .entries()
    .filter((e) => e.client === client && e.mutating && !e.throttled && !e.faulted).length;
}

/**
 * The failure most scenarios drill: node A's instance stops in moto, and EventBridge would now hand the
 * controller its "stopped" notification. Returns that event and when the failure began.
 */
export async function stopNodeA(
  ctx: ScenarioContext,
): Promise<{ failureAt: number; event: InstanceStateChangeEvent }> {
  const { A } = ctx.region.topology.nodes;
  const failureAt = Date.now();
  ctx.recorder.add("drill", `the failure: StopInstances nodeA ${A.instanceId}`);
  await stopInstances(ctx.world, [A.instanceId]);
  const event = instanceStateChange({ instanceId: A.instanceId, state: "stopped" });
  ctx.recorder.add(
    "drill",
    `EventBridge: EC2 Instance State-change Notification (nodeA stopped) onto the bus, for the stack's rules to route`,
  );
  return { failureAt, event };
}

/**
 * The other failure: node A keeps running but fails its status checks (the proxy reports it impaired from
 * now), and its StatusCheckFailed alarm (the stack's, named by the stack's prefix as the sweep names it) goes
 * to ALARM. Returns that event and when the failure began.
 */
export function impairNodeA(ctx: ScenarioContext): { failureAt: number; event: AlarmStateChangeEvent } {
  const { A } = ctx.region.topology.nodes;
  const failureAt = Date.now();
  const event = alarmStateChange({
    alarmName: `${ctx.stack.alarmPrefix}${A.instanceId}`,
    instanceId: A.instanceId,
    state: "ALARM",
  });
  ctx.region.proxy.setImpaired([A.instanceId]);
  ctx.recorder.add("drill", "the failure: nodeA's status checks fail (the instance keeps running)");
  ctx.recorder.add(
    "drill",
    `EventBridge: CloudWatch Alarm State Change (${event.detail.alarmName} → ALARM) onto the bus, for the stack's rules to route`,
  );
  return { failureAt, event };
}

/** What judges a run over the one classic address, besides the handler's answers. */
export interface ClassicJudgement {
  readonly expectation: string;
  readonly failureAt: number;
  readonly doneAt: number;
  readonly check: AddressCheck;
  readonly verdict: ScenarioRun["verdict"];
}

/** The run of a scenario over the one classic address, from its judgement and the handler's answers. */
export function singleAddressRun(
  ctx: ScenarioContext,
  run: ClassicJudgement,
  answers: Pick<ScenarioRun, "outcomes" | "handlerErrors">,
): ScenarioRun {
  const { check, ...rest } = run;
  return { ...rest, addresses: [check], ...answers, entries: classicEntries(ctx) };
}

/** The run of a scenario over the one classic address, judged by one controller invocation. */
export function classicRun(
  ctx: ScenarioContext,
  run: ClassicJudgement & { readonly invocation: Invocation },
): ScenarioRun {
  const { invocation, ...judgement } = run;
  return singleAddressRun(ctx, judgement, {
    outcomes: outcomesOf(invocation),
    handlerErrors: errorsOf(invocation),
  });
}
