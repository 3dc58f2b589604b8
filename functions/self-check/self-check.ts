import { ReplaceRouteCommand, StartInstancesCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import {
  type AddressSnapshot,
  chooseStandby,
  type Deadline,
  type DryRunAnswer,
  deadlineIn,
  dryRun,
  dryRunAssociate,
  dryRunDisassociate,
  isEipError,
  locate,
  type MemberHealth,
  type OperationOptions,
  observeMembers,
  observeRoutes,
  routeInput,
  targetOf,
} from "../../core/index.ts";
import { type ClusterConfig, readClusters } from "../clusters/read.ts";
import type { Cluster } from "../clusters/schema.ts";
import { DEADLINE_MARGIN_MS } from "../constants.ts";
import type { LambdaContextLike } from "../event/failover.ts";
import type { Deps } from "../types.ts";
import { type RouteCheck, routeChecks } from "./route-checks.ts";

/** What a self-check answers: one item per permission asked, for cluster `selfCheck`. */
export interface SelfCheckReport {
  /** The cluster checked, as asked. */
  readonly selfCheck: string;
  readonly checks: readonly SelfCheckItem[];
  /** Why the cluster's resources could not be checked (an unknown cluster, unreadable documents); undefined when they were. */
  readonly error?: string;
}

/** One permission, asked of AWS with the Lambda's own role on one real resource. */
export interface SelfCheckItem {
  /** The IAM action: "ec2:AssociateAddress", "ec2:DisassociateAddress", "ec2:ReplaceRoute", "ec2:StopInstances", "ssm:GetParametersByPath", … */
  readonly action: string;
  /** The allocation id, route table id (or ids, for a read), instance id or parameter path asked about. */
  readonly resource: string;
  readonly allowed: boolean;
  /**
   * "DryRunOperation" (a DryRun allowed), "Success" (a read that worked), AWS's error code, or
   * {@link NOT_CHECKED} (a route table routing the destination elsewhere, which nothing may touch).
   */
  readonly code: string;
  /** Core's error reason (`permission`, `not-found`, …) when not allowed; undefined when allowed. */
  readonly reason?: string;
}

/** The one invocation that runs a self-check: exactly this top-level shape, nothing more. */
export const SELF_CHECK_KEY = "eip-failover";
export const SELF_CHECK_VALUE = "self-check";
/** The code of a read (not a DryRun) that worked. */
export const READ_ALLOWED = "Success";
/** The code of a route table not asked about: it routes the destination elsewhere (reason `conflict`). */
export const NOT_CHECKED = "NotChecked";

/**
 * The cluster named by a self-check invocation, or undefined for any other event. Only a direct invocation
 * (`lambda:InvokeFunction`) can send this shape: every EventBridge event carries `source` and `detail-type`
 * (and the decisions queue's batch, `Records`), so a key more or less, or another value, makes it not a
 * self-check.
 *
 * @example
 * selfCheckOf({ "eip-failover": "self-check", cluster: "web" }) // "web"
 */
export function selfCheckOf(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return undefined;
  const keys = Object.keys(event).sort();
  if (keys.length !== 2 || keys[0] !== "cluster" || keys[1] !== SELF_CHECK_KEY) return undefined;
  const { cluster, [SELF_CHECK_KEY]: value } = event as Record<string, unknown>;
  return value === SELF_CHECK_VALUE && typeof cluster === "string" ? cluster : undefined;
}

/** One item from a DryRun's answer. */
const fromAnswer = (resource: string, a: DryRunAnswer): SelfCheckItem =>
  a.allowed
    ? { action: a.action, resource, allowed: true, code: a.code }
    : { action: a.action, resource, allowed: false, code: a.code, reason: a.reason };

/** Runs a read; its item, and its value when allowed. Errors core did not make are bugs: rethrown. */
async function read<T>(action: string, resource: string, run: () => Promise<T>) {
  try {
    return {
      item: { action, resource, allowed: true, code: READ_ALLOWED } as SelfCheckItem,
      value: await run(),
    };
  } catch (error) {
    if (!isEipError(error)) throw error;
    const code = error.context.code ?? error.name;
    return { item: { action, resource, allowed: false, code, reason: error.reason } as SelfCheckItem };
  }
}

/** Why `name` names no valid cluster: the value, and the names that would be valid. */
function unknownCluster(name: string, config: ClusterConfig): string {
  const known =
    config.clusters
      .map((c) => c.name)
      .sort()
      .join(", ") || "none";
  const invalid = config.invalid.map((i) => `${i.parameter} (${i.field}: ${i.why})`).join("; ");
  return `unknown cluster: '${name}' (known: ${known})${invalid ? `; invalid documents skipped: ${invalid}` : ""}`;
}

/**
 * The cluster's permissions, proven on its real resources, changing nothing: each address observed, then a
 * DryRun AssociateAddress of it to the standby the controller would choose were its holder to fail (or to a
 * member, when none is healthy), a DryRun DisassociateAddress where it is held; each route observed, then a
 * DryRun ReplaceRoute in each of its tables ({@link routeChecks}: to what is there now); and a DryRun
 * StopInstances of each member (and, with fencing "reboot", a DryRun StartInstances: the start after the move).
 */
async function checkCluster(deps: Deps, cluster: Cluster, deadline: Deadline): Promise<SelfCheckItem[]> {
  const options = { deadline, sleep: deps.sleep };
  const ids = cluster.members.map((m) => m.instanceId);
  const health = await read("ec2:DescribeInstanceStatus", ids.join(","), () =>
    observeMembers(deps.ec2, ids, options),
  );
  const items: SelfCheckItem[] = [health.item];
  for (const { allocationId } of cluster.addresses) {
    const seen = await read("ec2:DescribeAddresses", allocationId, () =>
      locate(deps.ec2, { allocationId }, options),
    );
    items.push(seen.item);
    if (!seen.value) continue;
    const standby = standbyFor(cluster, seen.value, health.value ?? []);
    items.push(
      fromAnswer(allocationId, await dryRunAssociate(deps.ec2, seen.value, targetOf(standby), options)),
    );
    const off = await dryRunDisassociate(deps.ec2, seen.value, options);
    if (off) items.push(fromAnswer(allocationId, off));
  }
  for (const route of cluster.routes) {
    const seen = await read("ec2:DescribeRouteTables", route.routeTableIds.join(","), () =>
      observeRoutes(deps.ec2, route, options),
    );
    items.push(seen.item);
    if (!seen.value) continue;
    for (const check of routeChecks(seen.value, cluster.members))
      items.push(await dryRunReplaceRoute(deps, check, options));
  }
  for (const id of ids) {
    const stop = new StopInstancesCommand({ InstanceIds: [id], Force: true, DryRun: true });
    items.push(
      fromAnswer(id, await dryRun(deps.ec2, stop, { action: "StopInstances", instanceId: id }, options)),
    );
    if (cluster.fencing !== "reboot") continue;
    const start = new StartInstancesCommand({ InstanceIds: [id], DryRun: true });
    items.push(
      fromAnswer(id, await dryRun(deps.ec2, start, { action: "StartInstances", instanceId: id }, options)),
    );
  }
  return items;
}

/** One table's item: a DryRun ReplaceRoute, or the reason it was not asked (logged; the item says NotChecked). */
async function dryRunReplaceRoute(
  deps: Deps,
  check: RouteCheck,
  options: OperationOptions,
): Promise<SelfCheckItem> {
  const { routeTableId, destination } = check;
  if ("skipped" in check) {
    deps.log.warn("self-check: route table not asked", { routeTableId, destination, why: check.skipped });
    return {
      action: "ec2:ReplaceRoute",
      resource: routeTableId,
      allowed: false,
      code: NOT_CHECKED,
      reason: "conflict",
    };
  }
  const { networkInterfaceId } = check;
  const command = new ReplaceRouteCommand({ ...routeInput(check), DryRun: true });
  const context = { action: "ReplaceRoute", routeTableId, destination, networkInterfaceId };
  return fromAnswer(routeTableId, await dryRun(deps.ec2, command, context, options));
}

/** Where the controller would move the address if its holder failed now; any other member when none is healthy. */
function standbyFor(cluster: Cluster, snapshot: AddressSnapshot, health: readonly MemberHealth[]) {
  const holder = snapshot.association?.instanceId ?? "";
  const chosen = chooseStandby({ members: cluster.members, health, failedInstanceId: holder });
  return chosen ?? cluster.members.find((m) => m.instanceId !== holder) ?? cluster.members[0]!;
}

/**
 * The self-check as a plain async function over injected dependencies: one GetParametersByPath of `prefix`,
 * then the named cluster's checks. Never changes anything, never throws for a denial or an unknown cluster.
 *
 * @example
 * await createSelfCheck(deps, "/eip-failover/clusters/")("web", context) // { selfCheck: "web", checks: [...] }
 */
export function createSelfCheck(deps: Deps, prefix: string) {
  return async function selfCheck(name: string, context: LambdaContextLike): Promise<SelfCheckReport> {
    const deadline = deadlineIn(context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS, deps.clock);
    const docs = await read("ssm:GetParametersByPath", prefix, () =>
      readClusters(deps.ssm, prefix, deadline),
    );
    const report = (checks: SelfCheckItem[], error?: string): SelfCheckReport => {
      const denied = checks.filter((c) => !c.allowed).map((c) => `${c.action} ${c.resource}: ${c.code}`);
      deps.log[denied.length || error ? "warn" : "info"]("self-check", { cluster: name, denied, error });
      return { selfCheck: name, checks, ...(error ? { error } : {}) };
    };
    if (!docs.value)
      return report([docs.item], `cannot read the cluster documents under ${prefix}: ${docs.item.code}`);
    const cluster = docs.value.clusters.find((c) => c.name === name);
    if (!cluster) return report([docs.item], unknownCluster(name, docs.value));
    return report([docs.item, ...(await checkCluster(deps, cluster, deadline))]);
  };
}

/**
 * The controller's entry with the self-check in front: the exact self-check shape runs `selfCheck`, anything
 * else (every EventBridge event, every queue batch) goes to `failover` untouched.
 *
 * @example
 * export const handler = middy().handler(withSelfCheck(createSelfCheck(deps, prefix), createFailover(deps, clusters)));
 */
export function withSelfCheck<R>(
  selfCheck: ReturnType<typeof createSelfCheck>,
  failover: (event: unknown, context: LambdaContextLike) => Promise<R>,
) {
  return function route(event: unknown, context: LambdaContextLike): Promise<R | SelfCheckReport> {
    const cluster = selfCheckOf(event);
    return cluster === undefined ? failover(event, context) : selfCheck(cluster, context);
  };
}
