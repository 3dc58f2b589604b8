import {
  type AddressSnapshot,
  ConfigurationError,
  describeTarget,
  detachesAddresses,
  ErrorReasons,
  isDown,
  lagBoundOf,
  type Member,
  planRouteClaim,
  type RouteSnapshot,
  type Target,
  targetOf,
} from "../../core/index.ts";
import type { Cluster } from "../clusters/schema.ts";
import type { Failure } from "../types.ts";

/**
 * One step of a move, in the order it is carried out. The dry run prints these; the real run carries out
 * exactly these (see execute/execute-plan.ts), so what an operator reviews is what happens.
 */
export type Step =
  /**
   * Force-stop the failed instance (once per cluster, however many addresses). `until`: what confirms the
   * fence before anything moves: EC2's answer saying it is on its way down ("stop"), or, for "reboot", reads
   * until it is `stopped` (a start must find it stopped, and nothing moves while it may still answer).
   */
  | { readonly step: "fence"; readonly instanceId: string; readonly until: "stopping" | "stopped" }
  /**
   * Compare-and-swap: disassociate exactly the observed association (if any), then associate with
   * `AllowReassociation=false`. One step because the two calls only make sense together.
   */
  | {
      readonly step: "move";
      readonly observed: AddressSnapshot;
      readonly target: Target;
      /** The standby's instance id (the target may name its interface instead). */
      readonly standbyId: string;
    }
  /**
   * Compare-and-swap over route tables (core's claimRoutesIfUnchanged): ReplaceRoute where a table still
   * routes the destination as observed, CreateRoute where it still has no route; never a delete.
   */
  | {
      readonly step: "route";
      /** Only the tables the move may change (those held by the failed member, and those without a route). */
      readonly observed: RouteSnapshot;
      /** The standby's interface, the routes' new target. */
      readonly networkInterfaceId: string;
      readonly standbyId: string;
    }
  /**
   * Tell Pacemaker on the new holder to re-probe, through Run Command (once per cluster round). The refresh
   * makes every node's agent read where the address is, so it runs only once EC2's and IMDS's reads show the
   * moves: the script waits `afterSeconds` on the node first (the lag bound), and the Lambda waits for nothing.
   */
  | {
      readonly step: "reconcile";
      readonly instanceId: string;
      readonly command: string;
      /** Seconds the script waits before the command: the lag bound, rounded up; 0 when reads are exact. */
      readonly afterSeconds: number;
    }
  /**
   * Start the fenced instance again once the set has moved ("reboot"): it boots and rejoins as the standby,
   * taking nothing (resource-stickiness INFINITY keeps the address where it is).
   */
  | { readonly step: "start"; readonly instanceId: string };

/** A step that moves one item of the set (an address or a route), as opposed to the set's shared steps. */
export type ItemStep = Extract<Step, { step: "move" | "route" }>;

/** True for a step that moves one item (an address or a route), false for the set's shared steps. */
export const isItemStep = (step: Step): step is ItemStep => step.step === "move" || step.step === "route";

/** What {@link planSet} decides from: all plain data, observed before anything changes. */
export interface SetInput {
  readonly cluster: Pick<Cluster, "fencing" | "pacemaker">;
  readonly failedInstanceId: string;
  /** The failed instance's state now; undefined when EC2 no longer reports it. */
  readonly failedState: string | undefined;
  /** What the event said failed (see {@link needsFencing}); undefined: a state change. */
  readonly cause?: Failure["cause"];
  readonly standby: Member;
  /** The addresses to move, as observed. */
  readonly addresses: readonly AddressSnapshot[];
  /** The routes to move, each narrowed to the tables the move may change. */
  readonly routes: readonly RouteSnapshot[];
  /** The longest an EC2 read may lag a change, ms (Deps.lagBoundMs); undefined: core's DEFAULT_LAG_BOUND_MS. */
  readonly lagBoundMs?: number;
}

/** What {@link planMove} decides from: one address. */
export interface MoveInput extends Omit<SetInput, "addresses" | "routes"> {
  readonly observed: AddressSnapshot;
}

/**
 * True when fencing is needed: configured, and the failed instance is not already on its way down. With
 * "reboot", a status check's failure (`cause` "alarm") whose member is now stopping or stopped needs it too:
 * the member was stopped after the failure (by this decision, whose wait for `stopped` ran out so that the
 * queue retried it, or by fence_aws), and the reboot must still see it stopped, move, and start it. A member
 * that was stopped before (a state change) is left as its stopper left it; a terminated one cannot start.
 */
export function needsFencing(
  fencing: Cluster["fencing"],
  failedState: string | undefined,
  cause?: Failure["cause"],
): boolean {
  if (fencing === "none") return false;
  if (!isDown(failedState)) return true;
  return fencing === "reboot" && cause === "alarm" && !detachesAddresses(failedState);
}

/** The standby's interface, which routes point at; a cluster document with routes always names it. */
function routeTarget(standby: Member): string {
  if (standby.networkInterfaceId) return standby.networkInterfaceId;
  throw new ConfigurationError(
    `${standby.instanceId} has no networkInterfaceId: a route can only point at a member's interface`,
    { instanceId: standby.instanceId },
    { reason: ErrorReasons.malformed },
  );
}

/**
 * The steps that move a cluster's set (its addresses and routes together) off a failed member onto the one
 * chosen standby: at most one fence first, then one step per item, then at most one reconciliation, then ("reboot")
 * the fenced member's start. Pure.
 *
 * @throws ConfigurationError when a route is to move and the standby names no interface.
 * @example
 * planSet({ cluster, failedInstanceId: "i-a", failedState: "running", standby, addresses: [seen], routes: [overlay] })
 * // [{ step: "fence", … }, { step: "move", … }, { step: "route", … }, { step: "reconcile", … }]
 * // with fencing "reboot", the fence waits `until: "stopped"` and a { step: "start", … } ends the plan
 */
export function planSet(input: SetInput): Step[] {
  const { cluster, failedInstanceId, failedState, standby } = input;
  const fence = needsFencing(cluster.fencing, failedState, input.cause);
  const reboot = fence && cluster.fencing === "reboot";
  const moves: ItemStep[] = [
    ...input.addresses.map(
      (observed): ItemStep => ({
        step: "move",
        observed,
        target: targetOf(standby),
        standbyId: standby.instanceId,
      }),
    ),
    ...input.routes.map(
      (observed): ItemStep => ({
        step: "route",
        observed,
        networkInterfaceId: routeTarget(standby),
        standbyId: standby.instanceId,
      }),
    ),
  ];
  return [
    ...(fence
      ? [{ step: "fence", instanceId: failedInstanceId, until: reboot ? "stopped" : "stopping" } as const]
      : []),
    ...moves,
    ...(cluster.pacemaker
      ? [
          {
            step: "reconcile",
            instanceId: standby.instanceId,
            command: cluster.pacemaker.reconcileCommand,
            afterSeconds: Math.ceil(lagBoundOf(input) / 1000),
          } as const,
        ]
      : []),
    ...(reboot ? [{ step: "start", instanceId: failedInstanceId } as const] : []),
  ];
}

/**
 * The steps that move one address off a failed member onto the chosen standby: {@link planSet} for a set of
 * one. Pure.
 *
 * @example
 * planMove({ cluster, failedInstanceId: "i-a", failedState: "running", observed, standby })
 * // [{ step: "fence", … }, { step: "move", … }, { step: "reconcile", … }]
 */
export function planMove(input: MoveInput): Step[] {
  const { observed, ...rest } = input;
  return planSet({ ...rest, addresses: [observed], routes: [] });
}

/** The steps one item's dry run shows: the set's shared steps around its own. */
export function stepsOf(steps: readonly Step[], item: ItemStep): Step[] {
  return steps.filter((s) => s === item || !isItemStep(s));
}

/** The AWS calls a step makes, one line each, as the dry run prints them and the real run logs them. */
export function describeStep(step: Step): string[] {
  switch (step.step) {
    case "fence":
      return [
        `StopInstances ${step.instanceId} (SkipOsShutdown + Force)`,
        ...(step.until === "stopped"
          ? [`DescribeInstanceStatus ${step.instanceId} until stopped (nothing moves before)`]
          : []),
      ];
    case "move":
      return [
        ...(step.observed.association
          ? [`DisassociateAddress ${step.observed.association.associationId}`]
          : []),
        `AssociateAddress ${step.observed.allocationId} → ${describeTarget(step.target)} (AllowReassociation=false)`,
      ];
    case "route":
      return planRouteClaim(step.observed, step.networkInterfaceId).steps.map(
        (r) => `${r.action} ${r.routeTableId} ${r.destination} → ${r.networkInterfaceId}`,
      );
    case "reconcile":
      return [`SSM AWS-RunShellScript on ${step.instanceId}: ${scriptOf(step).join("; ")}`];
    case "start":
      return [`StartInstances ${step.instanceId} (it boots and rejoins as the standby, taking nothing)`];
  }
}

/** How many times the reconcile command is tried, and the seconds between tries: 2 min, for a new DC and a fence. */
export const RECONCILE_TRIES = 24;
export const RECONCILE_RETRY_SECONDS = 5;
/** Tries (1 min) after which the command runs with every node still online: the failed member may still be one. */
export const RECONCILE_MEMBER_TRIES = 12;

/** Reads the cluster's state once for a try's tests below: crm_mon's XML (Pacemaker 2.1.5's, checked with it). */
export const CLUSTER_STATE = `s=$(crm_mon -1 --output-as=xml 2>/dev/null)`;

/** The DC's node name from {@link CLUSTER_STATE}'s XML, into `dc`; empty while there is none (an election). */
export const DC_NAME = `dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p')`;

/**
 * True while the cluster is not settled enough to refresh: some node unclean, its fence pending (Pacemaker marks a
 * lost node unclean only when stonith-enabled is true), or the DC not idle: none elected yet (the failed node was the
 * DC: until a new one records the loss, the CIB still shows the failed node online and running vip), or a transition
 * in flight (a start on the new holder after the loss, a fence, a recovery: a refresh deletes the resource from the
 * executor under its running operation, which then fails). A refresh while Pacemaker still counts the failed node as
 * running vip makes the new holder's probe meet it: the scheduler finds vip "might be active on 2 nodes" and restarts
 * it in place. `crmadmin -S` answers the DC's controller state (S_IDLE when no transition runs); asked of a DC that
 * has just died (crm_mon still names it until a new one is elected) it waits for good (Pacemaker 2.1.5), hence the
 * 5 s bound.
 */
export const UNSETTLED = `echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE`;

/**
 * True once some node is offline: the failed member has left the membership (corosync declared it lost after token
 * + consensus, and its fence, if any, is done). Before that, a dead member still counts as online and running vip,
 * and a refresh would meet the same "active on 2 nodes". A failed member that is still alive (a status check failing
 * while its OS lives, fencing "none") never leaves: after {@link RECONCILE_MEMBER_TRIES} tries the command runs anyway.
 */
export const MEMBER_GONE = `echo "$s" | grep -q 'online="false"'`;

/**
 * The lines of a reconcile step's shell script, as Run Command receives them: the wait for EC2's lag, then the
 * command, tried every {@link RECONCILE_RETRY_SECONDS} s until it succeeds: only while the cluster is settled
 * ({@link UNSETTLED}) and, for the first {@link RECONCILE_MEMBER_TRIES} tries, only once the failed member has left
 * ({@link MEMBER_GONE}). `crm_resource` also answers 1 while no DC is elected. Pure.
 */
export function scriptOf(step: Extract<Step, { step: "reconcile" }>): string[] {
  const tries = Array.from({ length: RECONCILE_TRIES }, (_, i) => i + 1).join(" ");
  return [
    ...(step.afterSeconds > 0 ? [`sleep ${step.afterSeconds}`] : []),
    `for try in ${tries}; do ${CLUSTER_STATE}; ${DC_NAME}; if ${UNSETTLED}; then :; elif ${MEMBER_GONE} || [ "$try" -gt ${RECONCILE_MEMBER_TRIES} ]; then ${step.command} && exit 0; fi; sleep ${RECONCILE_RETRY_SECONDS}; done; exit 1`,
  ];
}

/** A whole plan as the dry run prints it. */
export function describePlan(steps: readonly Step[]): string[] {
  return steps.flatMap(describeStep);
}
