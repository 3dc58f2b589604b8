import { migrationPeer } from "../ocf/config.ts";
import { type Outcome, ok } from "../ocf/exit.ts";
import { type ActionContext, foreignInterface, notAttached, start } from "./actions.ts";
import { handOver } from "./handover.ts";

// Pacemaker's live migration (allow-migrate=true), in the order it runs it: migrate_to on the source, migrate_from
// on the target, then stop on the source. The target's one AssociateAddress (AllowReassociation) moves the address
// from the source in one atomic call, so it never points nowhere; the source makes no call that could detach it.

/**
 * migrate_to, on the source: hands the address over (handover.ts) and changes nothing in EC2. It remembers under
 * HA_RSCTMP the association it handed over, so the stop Pacemaker sends after the migration makes no call, and a
 * probe here says not running while a read still shows that association here (monitor).
 * The association stays until the target's migrate_from replaces it.
 *
 * @throws ParameterError (exit 2) without OCF_RESKEY_CRM_meta_migrate_target: a migration names its target.
 * @example
 * await migrateTo(ctx) // ok("… handed over to node-b: eipassoc-… stays until migrate_from there replaces it …")
 */
export async function migrateTo(ctx: ActionContext): Promise<Outcome> {
  const to = migrationPeer(ctx.config, "target");
  const foreign = foreignInterface(ctx.config, ctx.identity);
  if (foreign)
    return ok(`${notAttached(foreign, ctx.identity)}: nothing of this node's to hand over to ${to}`);
  return handOver(ctx, to);
}

/**
 * migrate_from, on the target: takes the address from the source in start's one atomic AssociateAddress
 * (AllowReassociation), remembered as start remembers it.
 *
 * @throws ParameterError (exit 2) without OCF_RESKEY_CRM_meta_migrate_source: a migration names its source.
 * @example
 * await migrateFrom(ctx) // ok("migrate_from node-a: 203.0.113.10 moved from i-0aaa… to this node (eipassoc-…)")
 */
export async function migrateFrom(ctx: ActionContext): Promise<Outcome> {
  const from = migrationPeer(ctx.config, "source");
  const outcome = await start(ctx);
  return "note" in outcome ? ok(`migrate_from ${from}: ${outcome.note}`) : outcome;
}
