import type { EC2Client } from "@aws-sdk/client-ec2";
import { claimRoutes } from "../../core/claim-routes.ts";
import type { Deadline } from "../../core/deadline.ts";
import { ErrorKinds, isEipError } from "../../core/errors.ts";
import { observeRoutes } from "../../core/observe-routes.ts";
import { describeHop, pointsAt } from "../../core/route-snapshot.ts";
import type { RouteSnapshot } from "../../core/route-types.ts";
import { fail, notRunning, OcfExit, type Outcome, ok } from "../ocf/exit.ts";
import type { Identity } from "../ocf/identity.ts";
import { confirm, doubt, realTime, type Timekeeper } from "../ocf/lag.ts";
import type { Written } from "../ocf/written.ts";
import type { RouteAgentConfig } from "./config.ts";
import { changeAddress, type IpRunner, type LocalInterface, readInterface } from "./ip.ts";
import { ownRoutes, type RoutesWritten, unconfirmedHere } from "./own-routes.ts";

/** What every route action needs; run.ts builds it, tests build it by hand. */
export interface RouteContext {
  readonly config: RouteAgentConfig;
  readonly deadline: Deadline;
  readonly ip: IpRunner;
  /** EC2 and this node's identity (IMDSv2), made on first use: stop and most monitors need neither. */
  readonly aws: () => Promise<{ readonly ec2: EC2Client; readonly identity: Identity }>;
  /** The routes this node's start pointed here, until stop; undefined: nothing remembered (every read is doubted). */
  readonly written?: Written<RoutesWritten>;
  /** Clock and sleep for the lag bound's waits; undefined: {@link realTime}. */
  readonly time?: Timekeeper;
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

/**
 * start: the routes to this node's interface first, then the IP on the interface. Every table gets its
 * ReplaceRoute (CreateRoute where none is shown), also one a read shows pointing here already: that read may lag
 * behind another node's ReplaceRoute, and replacing a route with the interface it points at changes nothing. Only
 * with api_lag 0, where reads are exact, are the tables that point here spared. Remembers what it routed.
 */
export async function startRoute(ctx: RouteContext): Promise<Outcome> {
  const iface = await local(ctx);
  const { seen, ec2, identity } = await observe(ctx);
  const eni = eniFor(identity, iface.mac);
  const planned = ctx.config.lagMs === 0 ? seen : unconfirmedHere(seen, eni);
  const result = await claimRoutes(ec2, planned, eni, { deadline: ctx.deadline });
  const { destination, interface: name, routeTableIds } = ctx.config;
  if (result.steps.length)
    await ctx.written?.put(
      { destination, routeTableIds, networkInterfaceId: eni },
      (ctx.time ?? realTime).now(),
    );
  const added = !iface.routes.includes(destination);
  if (added) await changeAddress(ctx.ip, "add", destination, name, ipTimeout(ctx));
  const shownHere = new Set(seen.tables.filter((t) => pointsAt(t, eni)).map((t) => t.routeTableId));
  const again = (id: string) => (shownHere.has(id) ? ", again: a read may lag" : "");
  const moved = result.steps.map((s) => `${s.routeTableId} (${s.action}${again(s.routeTableId)})`);
  return ok(
    `${destination} routed to ${eni}${moved.length ? `: ${moved.join(", ")}` : " already"}; ${added ? "added to" : "already on"} ${name}`,
  );
}

/** stop: takes the IP off the interface; the routes stay (the next node's start moves them). Never 7. */
export async function stopRoute(ctx: RouteContext): Promise<Outcome> {
  const outcome = await removeAddress(ctx);
  await ctx.written?.clear();
  return outcome;
}

async function removeAddress(ctx: RouteContext): Promise<Outcome> {
  const { destination, interface: name } = ctx.config;
  let iface: LocalInterface;
  try {
    iface = await local(ctx);
  } catch (error) {
    // An interface that is gone holds no address: stopping it must not block the cluster.
    if (isEipError(error) && error.kind === ErrorKinds.configuration)
      return ok(`${error.message}; nothing to remove`);
    throw error;
  }
  if (!iface.routes.includes(destination)) return ok(`${destination} not on ${name}; nothing to remove`);
  await changeAddress(ctx.ip, "del", destination, name, ipTimeout(ctx));
  return ok(`${destination} removed from ${name}; routes left as they are`);
}

/** 0 when every table of `seen` routes the destination to `eni`, else 1 naming where the others send it. */
function routedHere(ctx: RouteContext, seen: RouteSnapshot, eni: string, how = ""): Outcome {
  const here = `${ctx.config.destination} is on ${ctx.config.interface}`;
  const off = elsewhere(seen, eni);
  if (off.length) return fail(OcfExit.ERR_GENERIC, `${here}, but ${off.join("; ")}, not to ${eni}${how}`);
  return ok(`${here} and routed to ${eni} in ${seen.tables.length} table(s)${how}`);
}

/**
 * monitor/status: 7 when the IP is not on the interface (whatever the routes say). When it is: a probe, and
 * every monitor with monapi, read the routes; 0 when they all point here, 1 when one points elsewhere (the IP
 * is here but traffic goes elsewhere: a failed resource, not a stopped one). Such a read is judged by ../ocf/lag.ts:
 * one pointing elsewhere (the IP on the interface says here), and a probe's "all here" that this node did not
 * route inside api_lag, is read again after api_lag, and the second read answers; without room for it, 0. A
 * recurring monitor with monapi whose EC2 call fails transiently still answers 0: an EC2 outage must not make
 * Pacemaker recover a healthy node.
 */
export async function monitorRoute(ctx: RouteContext): Promise<Outcome> {
  const { destination, interface: name, intervalMs, monitorEc2 } = ctx.config;
  const iface = await local(ctx);
  if (!iface.routes.includes(destination)) return notRunning(`${destination} is not on ${name}`);
  const here = `${destination} is on ${name}`;
  if (intervalMs > 0 && !monitorEc2) return ok(`${here} (routes not read: monapi false)`);
  try {
    const time = ctx.time ?? realTime;
    const readAt = time.now();
    const { seen, identity } = await observe(ctx);
    const eni = eniFor(identity, iface.mac);
    const allHere = elsewhere(seen, eni).length === 0;
    const own = await ownRoutes(ctx.written, ctx.config, eni);
    const d = doubt({
      here: allHere,
      readAt,
      probe: intervalMs === 0,
      ...(own ? { own: { at: own.at, here: true, shown: allHere } } : {}),
      localHere: `the IP is on ${name}`,
      boundMs: ctx.config.lagMs,
    });
    if (!d) return routedHere(ctx, seen, eni);
    const second = await confirm(d, ctx.deadline, time, async () => (await observe(ctx)).seen);
    if ("read" in second) return routedHere(ctx, second.read, eni, `; confirmed by a second read (${d.why})`);
    return ok(
      `${here}, taken as routed here, the read said ${allHere ? "here" : "elsewhere"} (${d.why}); ${second.unconfirmed}`,
    );
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
