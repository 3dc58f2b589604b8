import { chooseStandby, type Deadline, locate, type MemberHealth, observeMembers } from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";
import { type Failure, firstLook, stillFailed } from "./decide.ts";
import { executePlan } from "./execute.ts";
import { fenceByStop } from "./fence.ts";
import { judge } from "./judge.ts";
import { describePlan, planMove } from "./plan.ts";
import { reportOf, type Trace } from "./trace.ts";
import type { AddressOutcome, AddressReport, Deps } from "./types.ts";

/** What one cluster's addresses share while it fails over. */
export interface ClusterRound {
  readonly cluster: Cluster;
  readonly failure: Failure;
  /** Fences once per cluster, so two addresses never stop the node twice. */
  readonly fence: () => Promise<void>;
  /** The members' health, asked once per cluster. */
  readonly health: () => Promise<MemberHealth[]>;
  /**
   * When the cluster's grace window ends (epoch ms): AWS's time of the failure plus graceSeconds. One window,
   * however many addresses, and the same on every invocation about this failure.
   */
  readonly graceEnds: number;
}

/**
 * The whole decision for one address: look, let the grace window pass, choose, fence, compare-and-swap,
 * reconcile. Nobody sleeps here: inside the window the answer is "waiting", and whoever invoked the controller
 * (the decisions queue, as a delayed message) invokes it again when the window ends.
 */
export async function failoverAddress(
  deps: Deps,
  round: ClusterRound,
  allocationId: string,
  deadline: Deadline,
  trace: Trace,
): Promise<AddressOutcome> {
  const { cluster, failure, fence, health, graceEnds } = round;
  const failedId = failure.instanceId;
  const options = { deadline, sleep: deps.sleep };
  const observed = await locate(deps.ec2, { allocationId }, options);
  trace.publicIp = observed.publicIp;
  trace.from = observed.association?.instanceId;
  const look = firstLook(observed, failure, cluster.graceSeconds);
  if (look.action === "skip") return { outcome: "skipped", reason: look.reason };

  // an assumed failure (a dry-run drill of a healthy holder) has no window to wait: the plan is the point
  if (look.action === "wait-then-move" && !failure.assumed) {
    if (graceEnds > deps.clock())
      return {
        outcome: "waiting",
        until: graceEnds,
        reason: `${failedId} still holds ${allocationId}; Pacemaker has until the grace window ends`,
      };
    trace.graceMs = cluster.graceSeconds * 1000;
  }

  const members = await health();
  const failedNow = members.find((m) => m.instanceId === failedId);
  const still = stillFailed(failure, failedNow);
  if (!still.failed) return { outcome: "skipped", reason: still.reason };
  const standby = chooseStandby({ members: cluster.members, health: members, failedInstanceId: failedId });
  trace.to = standby?.instanceId;
  if (!standby)
    return {
      outcome: "no-standby",
      reason: `no member of ${cluster.name} is running with status checks ok besides ${failedId}`,
    };
  const steps = planMove({
    cluster,
    failedInstanceId: failedId,
    failedState: failedNow?.state,
    observed,
    standby,
  });
  if (deps.dryRun || cluster.dryRun) return { outcome: "planned", plan: describePlan(steps) };
  return executePlan(deps, { clusterName: cluster.name, fence, deadline, trace }, steps);
}

/** Every address of one cluster; errors become outcomes here, except transient ones, which the caller rethrows. */
export async function failoverCluster(
  deps: Deps,
  cluster: Cluster,
  failure: Failure,
  deadline: Deadline,
): Promise<{ reports: AddressReport[]; transient: unknown[] }> {
  const failedId = failure.instanceId;
  let members: Promise<MemberHealth[]> | undefined;
  const health = () => {
    members ??= observeMembers(
      deps.ec2,
      cluster.members.map((m) => m.instanceId),
      { deadline, sleep: deps.sleep },
    );
    return members;
  };
  let fenced: Promise<void> | undefined;
  const fence = () => {
    fenced ??= fenceByStop(deps.ec2, failedId, { deadline, sleep: deps.sleep }).then(({ state, mode }) => {
      deps.log.info("fenced the failed instance", {
        cluster: cluster.name,
        instanceId: failedId,
        state,
        stop: mode === "skip-os-shutdown" ? "SkipOsShutdown+Force" : "Force",
      });
    });
    return fenced;
  };

  const round: ClusterRound = {
    cluster,
    failure,
    fence,
    health,
    graceEnds: failure.at + cluster.graceSeconds * 1000,
  };

  const startedAt = deps.clock();
  const reports: AddressReport[] = [];
  const transient: unknown[] = [];
  for (const { allocationId } of cluster.addresses) {
    const trace: Trace = { graceMs: 0, steps: {} };
    let result: AddressOutcome;
    try {
      result = await failoverAddress(deps, round, allocationId, deadline, trace);
    } catch (error) {
      const { kind, errorReason, retry, reason } = judge(error);
      if (retry) transient.push(error);
      result = { outcome: "error", kind, errorReason, reason };
    }
    const where = { cluster: cluster.name, allocationId, failureAt: failure.at };
    reports.push(reportOf(where, startedAt, trace, result));
  }
  return { reports, transient };
}
