import { migrationPeer } from "../ocf/config.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import { type RouteContext, startRoute } from "./actions.ts";

// Pacemaker's live migration (allow-migrate=true), in the order it runs it: migrate_to on the source, migrate_from
// on the target, then stop on the source. The target's ReplaceRoute moves each route from the source in one call,
// so the overlay IP never points nowhere; the source touches no route (its stop never does), and keeps the IP on
// its interface until that stop, so traffic the routes still send it is answered meanwhile.

/**
 * migrate_to, on the source: hands the routes over and changes nothing, in EC2 or on the interface. It forgets
 * the routes its start pointed here (HA_RSCTMP): they are the target's to replace, and no longer this node's own
 * change for a read to be judged against.
 *
 * @example
 * await migrateToRoute(ctx) // ok("192.168.100.10/32 handed over to node-b: …")
 */
export async function migrateToRoute(ctx: RouteContext): Promise<Outcome> {
  const to = migrationPeer(ctx.config, "target");
  await ctx.written?.clear();
  return ok(
    `${ctx.config.destination} handed over to ${to}: the routes stay until migrate_from there replaces them; the IP stays on ${ctx.config.interface} until stop (no call here)`,
  );
}

/**
 * migrate_from, on the target: points every route at this node in start's ReplaceRoute per table (one atomic call
 * each) and adds the IP here, remembered as start remembers it.
 *
 * @example
 * await migrateFromRoute(ctx) // ok("migrate_from node-a: 192.168.100.10/32 routed to eni-…: rtb-… (replace); added to eth0")
 */
export async function migrateFromRoute(ctx: RouteContext): Promise<Outcome> {
  const from = migrationPeer(ctx.config, "source");
  const outcome = await startRoute(ctx);
  return "note" in outcome ? ok(`migrate_from ${from}: ${outcome.note}`) : outcome;
}
