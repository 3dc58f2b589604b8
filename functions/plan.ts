import { type AddressSnapshot, describeTarget, type Member, type Target, targetOf } from "../core/index.ts";
import type { Cluster } from "./cluster-schema.ts";
import { needsFencing } from "./decide.ts";

/**
 * One step of a move, in the order it is carried out. The dry run prints these; the real run carries out
 * exactly these (see `execute.ts`), so what an operator reviews is what happens.
 */
export type Step =
  /** Force-stop the failed instance (once per cluster, however many addresses). */
  | { readonly step: "fence"; readonly instanceId: string }
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
  /** Tell Pacemaker on the new holder to re-probe, through Run Command. */
  | { readonly step: "reconcile"; readonly instanceId: string; readonly command: string };

/** What {@link planMove} decides from: all plain data, observed before anything changes. */
export interface MoveInput {
  readonly cluster: Pick<Cluster, "fencing" | "pacemaker">;
  readonly failedInstanceId: string;
  /** The failed instance's state now; undefined when EC2 no longer reports it. */
  readonly failedState: string | undefined;
  readonly observed: AddressSnapshot;
  readonly standby: Member;
}

/**
 * The steps that move one address off a failed member onto the chosen standby. Pure.
 *
 * @example
 * planMove({ cluster, failedInstanceId: "i-a", failedState: "running", observed, standby })
 * // [{ step: "fence", … }, { step: "move", … }, { step: "reconcile", … }]
 */
export function planMove(input: MoveInput): Step[] {
  const { cluster, failedInstanceId, failedState, observed, standby } = input;
  return [
    ...(needsFencing(cluster.fencing, failedState)
      ? [{ step: "fence", instanceId: failedInstanceId } as const]
      : []),
    { step: "move", observed, target: targetOf(standby), standbyId: standby.instanceId },
    ...(cluster.pacemaker
      ? [
          {
            step: "reconcile",
            instanceId: standby.instanceId,
            command: cluster.pacemaker.reconcileCommand,
          } as const,
        ]
      : []),
  ];
}

/** The AWS calls a step makes, one line each, as the dry run prints them and the real run logs them. */
export function describeStep(step: Step): string[] {
  switch (step.step) {
    case "fence":
      return [`StopInstances ${step.instanceId} (SkipOsShutdown + Force)`];
    case "move":
      return [
        ...(step.observed.association
          ? [`DisassociateAddress ${step.observed.association.associationId}`]
          : []),
        `AssociateAddress ${step.observed.allocationId} → ${describeTarget(step.target)} (AllowReassociation=false)`,
      ];
    case "reconcile":
      return [`SSM AWS-RunShellScript on ${step.instanceId}: ${step.command}`];
  }
}

/** A whole plan as the dry run prints it. */
export function describePlan(steps: readonly Step[]): string[] {
  return steps.flatMap(describeStep);
}
