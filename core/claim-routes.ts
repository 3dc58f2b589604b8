import { CreateRouteCommand, type EC2Client, ReplaceRouteCommand } from "@aws-sdk/client-ec2";
import { ConfigurationError, ConflictError } from "./errors.ts";
import { confirmRead, type LagOptions, sinceNow } from "./lag.ts";
import { observeRoutes } from "./observe-routes.ts";
import { type OperationOptions, withRetry } from "./retry.ts";
import { planRouteClaim } from "./route-plan.ts";
import { pointsAt } from "./route-snapshot.ts";
import type { RouteClaimResult, RouteConflict, RouteHop, RouteSnapshot, RouteStep } from "./route-types.ts";
import { assertId } from "./validate.ts";

/**
 * The request body of a ReplaceRoute or CreateRoute of `step` (the /128 in the IPv6 field), for every caller
 * that sends one: the claims here, the self-check's DryRun.
 *
 * @example
 * new ReplaceRouteCommand({ ...routeInput(step), DryRun: true })
 */
export function routeInput(step: Omit<RouteStep, "action">) {
  return {
    RouteTableId: step.routeTableId,
    NetworkInterfaceId: step.networkInterfaceId,
    ...(step.destination.endsWith("/128")
      ? { DestinationIpv6CidrBlock: step.destination }
      : { DestinationCidrBlock: step.destination }),
  };
}

/** One ReplaceRoute or CreateRoute, retried inside the deadline. Both are safe to repeat to the same target. */
async function send(ec2: EC2Client, step: RouteStep, options: OperationOptions): Promise<void> {
  const input = routeInput(step);
  const context = { ...step, action: step.action };
  await withRetry(
    (signal) =>
      step.action === "ReplaceRoute"
        ? ec2.send(new ReplaceRouteCommand(input), { abortSignal: signal })
        : ec2.send(new CreateRouteCommand(input), { abortSignal: signal }),
    { ...options, context },
  );
}

type StepOutcome =
  | { readonly done: RouteStep }
  | { readonly unchanged: string }
  | { readonly conflict: RouteConflict };

/**
 * Carries out one step. When the table changed under it (CreateRoute finds a route, which may be its own
 * retried attempt; ReplaceRoute finds none), it reads that table again and then either takes it over once
 * (`yieldToOthers` false: claim) or leaves it as a conflict (true: claim-if-unchanged).
 */
async function carryOut(
  ec2: EC2Client,
  step: RouteStep,
  observed: RouteHop | undefined,
  yieldToOthers: boolean,
  options: OperationOptions & LagOptions,
): Promise<StepOutcome> {
  try {
    await send(ec2, step, options);
    return { done: step };
  } catch (error) {
    const created = step.action === "CreateRoute" && error instanceof ConflictError;
    const vanished = step.action === "ReplaceRoute" && error instanceof ConfigurationError;
    if (!created && !vanished) throw error;
    const ref = { destination: step.destination, routeTableIds: [step.routeTableId] };
    // EC2 just answered that the table has a route (created) or has none (vanished); a read saying otherwise may
    // lag that answer, so it is read again once the lag bound has passed.
    const [view] = await confirmRead(
      async () => (await observeRoutes(ec2, ref, options)).tables,
      ([seen]) => (created ? !seen?.route : Boolean(seen?.route)),
      sinceNow(options.deadline),
      { ...options, context: step },
    );
    if (view && pointsAt(view, step.networkInterfaceId))
      return created ? { done: step } : { unchanged: step.routeTableId };
    // The route is still there: EC2 refused something else (the interface, say), not a missing route.
    if (vanished && view?.route) throw error;
    if (yieldToOthers)
      return {
        conflict: {
          routeTableId: step.routeTableId,
          ...(observed ? { observed } : {}),
          ...(view?.route ? { current: view.route } : {}),
        },
      };
    const again: RouteStep = { ...step, action: view?.route ? "ReplaceRoute" : "CreateRoute" };
    await send(ec2, again, options);
    return { done: again };
  }
}

/** Carries out every step at once (each table is its own call) and gathers what they did. */
async function carryOutAll(
  ec2: EC2Client,
  steps: readonly RouteStep[],
  observed: RouteSnapshot,
  yieldToOthers: boolean,
  options: OperationOptions & LagOptions,
): Promise<{ done: RouteStep[]; unchanged: string[]; conflicts: RouteConflict[] }> {
  const hopOf = (id: string) => observed.tables.find((t) => t.routeTableId === id)?.route;
  const settled = await Promise.allSettled(
    steps.map((step) => carryOut(ec2, step, hopOf(step.routeTableId), yieldToOthers, options)),
  );
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const outcomes = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  return {
    done: outcomes.flatMap((o) => ("done" in o ? [o.done] : [])),
    unchanged: outcomes.flatMap((o) => ("unchanged" in o ? [o.unchanged] : [])),
    conflicts: outcomes.flatMap((o) => ("conflict" in o ? [o.conflict] : [])),
  };
}

/**
 * Points the destination at `networkInterfaceId` in every table of `snapshot`: ReplaceRoute where a route
 * exists, CreateRoute where none does, nothing where it already points there. Each is one call that never
 * leaves the destination unrouted; no route is ever deleted. For the agent, which acts for Pacemaker's decision.
 *
 * @param snapshot a fresh observation from {@link observeRoutes}.
 * @throws the first failed call's error, after every table's call has finished.
 * @example
 * const seen = await observeRoutes(ec2, { destination: "192.168.100.10/32", routeTableIds }, options);
 * const result = await claimRoutes(ec2, seen, "eni-0123456789abcdef0", options);
 */
export async function claimRoutes(
  ec2: EC2Client,
  snapshot: RouteSnapshot,
  networkInterfaceId: string,
  options: OperationOptions & LagOptions,
): Promise<RouteClaimResult> {
  assertId("networkInterfaceId", networkInterfaceId);
  const plan = planRouteClaim(snapshot, networkInterfaceId);
  const ran = await carryOutAll(ec2, plan.steps, snapshot, false, options);
  return {
    destination: snapshot.destination,
    steps: ran.done,
    unchanged: [...plan.unchanged, ...ran.unchanged],
    conflicts: [],
  };
}

/**
 * Compare-and-swap over route tables, for actors that must never fight a newer decision (the controller):
 * reads every table again, just before acting, and replaces only the routes that still point where `observed`
 * saw them (creates only those still missing). A table whose route changed since is left alone and reported
 * in `conflicts`; the others still move.
 *
 * The window: EC2 has no conditional ReplaceRoute. Between the re-read's answer and ReplaceRoute landing (one
 * round trip, measured by bench/route-agent.ts), a change someone else makes to that table is overwritten.
 * The re-read narrows the window from "since observed" to that round trip; it cannot close it. EC2's reads lag
 * its writes (see `lag.ts`), so the re-read shows only the changes made one lag bound before it: a caller that
 * must not act on a lagging `observed` makes this call once the bound has passed since it read `observed`
 * (the controller does), and the window is then that bound plus the round trip.
 *
 * @example
 * const seen = await observeRoutes(ec2, ref, options);
 * const result = await claimRoutesIfUnchanged(ec2, seen, standbyEni, options);
 * result.conflicts // tables someone else changed after `seen`
 */
export async function claimRoutesIfUnchanged(
  ec2: EC2Client,
  observed: RouteSnapshot,
  networkInterfaceId: string,
  options: OperationOptions & LagOptions,
): Promise<RouteClaimResult> {
  assertId("networkInterfaceId", networkInterfaceId);
  const ref = {
    destination: observed.destination,
    routeTableIds: observed.tables.map((t) => t.routeTableId),
  };
  const current = await observeRoutes(ec2, ref, options);
  const plan = planRouteClaim(current, networkInterfaceId, observed);
  const ran = await carryOutAll(ec2, plan.steps, observed, true, options);
  return {
    destination: observed.destination,
    steps: ran.done,
    unchanged: [...plan.unchanged, ...ran.unchanged],
    conflicts: [...plan.conflicts, ...ran.conflicts],
  };
}
