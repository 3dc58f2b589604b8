// The move's decision: a pure function from what crm_mon and the CIB say to a refusal or the steps to run, so
// the dry run prints exactly what the real run carries out (STYLE 13).
import type { CibFacts } from "./cib.ts";
import type { CrmNode, CrmResource, CrmStatus } from "./crm-mon.ts";

/** The agents this command moves: its own (ocf:eip-failover:eip and :route). */
export const AGENT_PREFIX = "ocf:eip-failover:";

/** What the operator asked for. */
export interface MoveRequest {
  readonly cluster: string;
  readonly to: string;
  /** The resource or group to move; undefined: the one unit holding an eip-failover resource. */
  readonly resource: string | undefined;
  /** ISO 8601 duration of the constraints (crm_resource --lifetime), e.g. PT5M. */
  readonly lifetime: string;
}

/**
 * The outcome of the decision: `refused` names the bad value (`flag`: a bad command line, exit 2; undefined:
 * the cluster's state, exit 1); `nothing` when it already runs there; `plan` with the commands to run.
 */
export type MoveDecision =
  | {
      readonly kind: "refused";
      readonly flag: "--cluster" | "--to" | "--resource" | undefined;
      readonly why: string;
    }
  | { readonly kind: "nothing"; readonly unit: string; readonly why: string }
  | {
      readonly kind: "plan";
      /** The group or primitive moved. */
      readonly unit: string;
      readonly members: readonly CrmResource[];
      readonly from: string;
      readonly to: string;
      /** Each a command line, run in order; between the ban and the clear the command waits for the move. */
      readonly steps: readonly (readonly string[])[];
      /** Allocation ids of the eip members, watched in EC2 during the move. */
      readonly allocationIds: readonly string[];
    };

/** Why `node` cannot take a resource now, or undefined when it is a healthy online member. */
export function unhealthy(node: CrmNode, members: readonly string[]): string | undefined {
  if (node.type !== "member") return `a ${node.type} node, not a cluster member`;
  if (!node.online) return "offline";
  for (const [flag, what] of [
    ["unclean", "unclean (it may need fencing)"],
    ["pending", "pending (not joined yet)"],
    ["shutdown", "shutting down"],
    ["standby", "in standby"],
    ["maintenance", "in maintenance"],
  ] as const)
    if (node[flag]) return what;
  const failed = node.failed.filter((id) => members.includes(id));
  if (failed.length > 0)
    return `has a fail-count for ${failed.join(", ")} (crm_resource --cleanup -r ${failed[0]} first)`;
  return undefined;
}

/** The top-level units (a group, or a primitive outside any) that hold one of our agents' resources. */
function units(status: CrmStatus): Map<string, CrmResource[]> {
  const out = new Map<string, CrmResource[]>();
  const ours = new Set(
    status.resources.filter((r) => r.agent.startsWith(AGENT_PREFIX)).map((r) => r.group ?? r.id),
  );
  for (const r of status.resources) {
    const unit = r.group ?? r.id;
    if (ours.has(unit)) out.set(unit, [...(out.get(unit) ?? []), r]);
  }
  return out;
}

/**
 * Decides a planned move of the cluster's eip-failover unit to `request.to`. Pure.
 *
 * @example
 * planMove(status, cib, { cluster: "web", to: "nodeB", resource: undefined, lifetime: "PT5M" }).kind // "plan"
 */
export function planMove(status: CrmStatus, cib: CibFacts, request: MoveRequest): MoveDecision {
  const refuse = (flag: "--cluster" | "--to" | "--resource" | undefined, why: string) =>
    ({ kind: "refused", flag, why }) as const;
  if (cib.clusterName !== request.cluster)
    return refuse(
      "--cluster",
      `--cluster '${request.cluster}' is not this node's cluster (it is '${cib.clusterName ?? "unnamed"}')`,
    );
  const found = units(status);
  const names = [...found.keys()];
  if (names.length === 0)
    return refuse(undefined, `no ${AGENT_PREFIX}eip or :route resource in cluster ${request.cluster}`);
  const unit = request.resource ?? (names.length === 1 ? names[0] : undefined);
  if (unit === undefined)
    return refuse(
      "--resource",
      `cluster ${request.cluster} has several units to move: give --resource (valid: ${names.join(", ")})`,
    );
  const members = found.get(unit);
  if (!members)
    return refuse(
      "--resource",
      `--resource '${unit}' holds no ${AGENT_PREFIX} resource (valid: ${names.join(", ")})`,
    );
  const target = status.nodes.find((n) => n.name === request.to);
  if (!target)
    return refuse(
      "--to",
      `--to '${request.to}' is not a node of cluster ${request.cluster} (nodes: ${status.nodes.map((n) => n.name).join(", ")})`,
    );
  const sick = unhealthy(
    target,
    members.map((m) => m.id),
  );
  if (sick) return refuse("--to", `--to '${request.to}' is not a healthy online member: ${sick}`);
  const busy = members.find((m) => m.role !== "Started" || m.failed || !m.managed || m.on.length !== 1);
  if (busy)
    return refuse(
      undefined,
      `${busy.id} is not settled (${busy.failed ? "failed" : busy.managed ? busy.role : "unmanaged"}${busy.on.length > 1 ? ` on ${busy.on.join(" and ")}` : ""}): move it once Pacemaker has settled`,
    );
  const from = members[0]?.on[0] as string;
  if (members.some((m) => m.on[0] !== from))
    return refuse(undefined, `${unit}'s members run on different nodes: move it once Pacemaker has settled`);
  if (from === request.to) return { kind: "nothing", unit, why: `${unit} already runs on ${from}` };
  const left = cib.cliConstraints.filter((c) => c.rsc === unit || members.some((m) => m.id === c.rsc));
  if (left.length > 0)
    return refuse(
      undefined,
      `${unit} already has move or ban constraints (${left.map((c) => c.id).join(", ")}): crm_resource --clear -r ${left[0]?.rsc} first`,
    );
  const lifetime = ["--lifetime", request.lifetime];
  return {
    kind: "plan",
    unit,
    members,
    from,
    to: request.to,
    steps: [
      // The preference for the target picks it among several nodes; alone it cannot outweigh the holder's
      // resource-stickiness=INFINITY (docs/pacemaker.md step 1), hence the ban of the holder beside it.
      ["crm_resource", "--move", "-r", unit, "--node", request.to, ...lifetime],
      ["crm_resource", "--ban", "-r", unit, "--node", from, ...lifetime],
      // Once it runs on the target, stickiness keeps it there: the constraints have done their job.
      ["crm_resource", "--clear", "-r", unit],
    ],
    allocationIds: members.flatMap((m) =>
      cib.allocationIds[m.id] ? [cib.allocationIds[m.id] as string] : [],
    ),
  };
}
