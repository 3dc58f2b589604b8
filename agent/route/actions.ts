import type { EC2Client } from "@aws-sdk/client-ec2";
import { claimRoutes } from "../../core/claim-routes.ts";
import type { Deadline } from "../../core/deadline.ts";
import { ErrorKinds, isEipError } from "../../core/errors.ts";
import { observeRoutes } from "../../core/observe-routes.ts";
import { describeHop, pointsAt } from "../../core/route-snapshot.ts";
import type { RouteSnapshot } from "../../core/route-types.ts";
import { fail, notRunning, OcfExit, type Outcome, ok } from "../exit.ts";
import type { Identity } from "../identity.ts";
import type { RouteAgentConfig } from "./config.ts";
import { changeAddress, type IpRunner, type LocalInterface, readInterface } from "./ip.ts";

/** What every route action needs; run.ts builds it, tests build it by hand. */
export interface RouteContext {
  readonly config: RouteAgentConfig;
  readonly deadline: Deadline;
  readonly ip: IpRunner;
  /** EC2 and this node's identity (IMDSv2), made on first use: stop and most monitors need neither. */
  readonly aws: () => Promise<{ readonly ec2: EC2Client; readonly identity: Identity }>;
}

/** The least of 5 s and what the deadline leaves, for one `ip` command. */
const ipTimeout = (ctx: RouteContext) => Math.max(100, Math.min(5_000, ctx.deadline.remaining()));

const local = (ctx: RouteContext) => readInterface(ctx.ip, ctx.config.interface, ipTimeout(ctx));

/**
 * The EC2 network interface the routes point at: the one whose MAC the local interface has (IMDSv2 lists each
 * attached interface's MAC), else this instance's primary interface.
 */
export function eniFor(identity: Identity, mac: string): string {
  const byMac = Object.entries(identity.macs ?? {}).find(([, m]) => m.toLowerCase() === mac.toLowerCase());
  return byMac?.[0] ?? identity.networkInterfaceId;
}

/** One DescribeRouteTables for every configured table. */
async function observe(
  ctx: RouteContext,
): Promise<{ seen: RouteSnapshot; ec2: EC2Client; identity: Identity }> {
  const { ec2, identity } = await ctx.aws();
  const ref = { destination: ctx.config.destination, routeTableIds: ctx.config.routeTableIds };
  return { seen: await observeRoutes(ec2, ref, { deadline: ctx.deadline }), ec2, identity };
}

/** The tables of `seen` that do not route the destination to `eni`, described for messages. */
function elsewhere(seen: RouteSnapshot, eni: string): string[] {
  return seen.tables
    .filter((t) => !pointsAt(t, eni))
    .map((t) => `${t.routeTableId} routes it to ${describeHop(t.route)}`);
}

/** start: the routes to this node's interface first (one call per table that differs), then the IP on the interface. */
export async function startRoute(ctx: RouteContext): Promise<Outcome> {
  const iface = await local(ctx);
  const { seen, ec2, identity } = await observe(ctx);
  const eni = eniFor(identity, iface.mac);
  const result = await claimRoutes(ec2, seen, eni, { deadline: ctx.deadline });
  const { destination, interface: name } = ctx.config;
  const added = !iface.routes.includes(destination);
  if (added) await changeAddress(ctx.ip, "add", destination, name, ipTimeout(ctx));
  const moved = result.steps.map((s) => `${s.routeTableId} (${s.action})`);
  return ok(
    `${destination} routed to ${eni}${moved.length ? `: ${moved.join(", ")}` : " already"}; ${added ? "added to" : "already on"} ${name}`,
  );
}

/** stop: takes the IP off the interface; the routes stay (the next node's start moves them). Never 7. */
export async function stopRoute(ctx: RouteContext): Promise<Outcome> {
  const { destination, interface: name } = ctx.config;
  let iface: LocalInterface;
  try {
    iface = await local(ctx);
  } catch (error) {
    // An interface that is gone holds no address: stopping must not block the cluster.
    if (isEipError(error) && error.kind === ErrorKinds.configuration)
      return ok(`${error.message}; nothing to remove`);
    throw error;
  }
  if (!iface.routes.includes(destination)) return ok(`${destination} not on ${name}; nothing to remove`);
  await changeAddress(ctx.ip, "del", destination, name, ipTimeout(ctx));
  return ok(`${destination} removed from ${name}; routes left as they are`);
}

/**
 * monitor/status: 7 when the IP is not on the interface (whatever the routes say). When it is: a probe, and
 * every monitor with monapi, read the routes; 0 when they all point here, 1 when one points elsewhere (the IP
 * is here but traffic goes elsewhere: a failed resource, not a stopped one). A recurring monitor with monapi
 * whose EC2 call fails transiently still answers 0: an EC2 outage must not make Pacemaker recover a healthy node.
 */
export async function monitorRoute(ctx: RouteContext): Promise<Outcome> {
  const { destination, interface: name, intervalMs, monitorEc2 } = ctx.config;
  const iface = await local(ctx);
  if (!iface.routes.includes(destination)) return notRunning(`${destination} is not on ${name}`);
  const here = `${destination} is on ${name}`;
  if (intervalMs > 0 && !monitorEc2) return ok(`${here} (routes not read: monapi false)`);
  try {
    const { seen, identity } = await observe(ctx);
    const eni = eniFor(identity, iface.mac);
    const off = elsewhere(seen, eni);
    if (off.length) return fail(OcfExit.ERR_GENERIC, `${here}, but ${off.join("; ")}, not to ${eni}`);
    return ok(`${here} and routed to ${eni} in ${seen.tables.length} table(s)`);
  } catch (error) {
    if (intervalMs > 0 && isEipError(error) && error.kind === ErrorKinds.transient)
      return ok(`${here}; route check skipped: ${error.message}`);
    throw error;
  }
}

/** validate-all at OCF_CHECK_LEVEL ≥ 10: the interface exists here and every route table exists. */
export async function validateRoute(ctx: RouteContext): Promise<Outcome> {
  await local(ctx);
  const { seen } = await observe(ctx);
  return ok(`${ctx.config.interface} exists; ${seen.tables.length} route table(s) found`);
}
