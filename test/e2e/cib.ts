import type { ClusterSettings } from "./settings.ts";

const xmlText = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

function nvpairs(prefix: string, record: Readonly<Record<string, string>>): string {
  return Object.entries(record)
    .map(([k, v]) => `<nvpair id="${prefix}-${k}" name="${k}" value="${xmlText(v)}"/>`)
    .join("");
}

/** Seconds of a Pacemaker interval ("10s", "2min", "500ms", "10"). */
function seconds(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(value.trim());
  if (!m) throw new Error(`not a Pacemaker interval: '${value}' (e.g. 10s, 2min)`);
  const factor = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 }[m[2] ?? "s"] ?? 1;
  return Number(m[1]) * factor;
}

/**
 * The `<primitive>` that `pcs resource create` makes from README step 6, with `overrides` for the
 * test's own values (the allocation id of the sim's EIP).
 */
export function primitiveXml(settings: ClusterSettings, overrides: Readonly<Record<string, string>>): string {
  const r = settings.resource;
  const [cls, provider, type] = r.agent.split(":");
  if (!cls || !provider || !type)
    throw new Error(`README step 6: agent '${r.agent}' is not class:provider:type`);
  const ops = Object.entries(r.ops)
    .map(([name, o]) => {
      const interval = o.interval ?? "0s";
      const rest = Object.entries(o)
        .filter(([k]) => k !== "interval")
        .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
        .join("");
      return `<op id="${r.id}-${name}-${seconds(interval)}" name="${name}" interval="${xmlText(interval)}"${rest}/>`;
    })
    .join("");
  return `<primitive id="${r.id}" class="${cls}" provider="${provider}" type="${type}">
    <instance_attributes id="${r.id}-ia">${nvpairs(`${r.id}-ia`, { ...r.params, ...overrides })}</instance_attributes>
    <meta_attributes id="${r.id}-meta">${nvpairs(`${r.id}-meta`, r.meta)}</meta_attributes>
    <operations>${ops}</operations></primitive>`;
}

/** The id of the group the overlay test makes (`pcs resource group add web overlay vip`). */
export const GROUP_ID = "web";

/**
 * What the README recommends for a route resource beside the EIP's: after a crash without fencing the old node
 * rejoins still holding the overlay IP, and its probe answers 1 ("active on 2 nodes"); stop_unexpected stops that
 * instance only, where the default (stop_start) would stop both nodes' groups and start one, the EIP pointing nowhere
 * meanwhile.
 */
export const ROUTE_META = { "multiple-active": "stop_unexpected" } as const;

/**
 * README step 6's resource, then an overlay route resource (`ocf:eip-failover:route`, id `overlay`, with ROUTE_META),
 * in one group, each with step 6's meta attributes and operations: Pacemaker starts the EIP, then the routes, on one
 * node, and stops them in reverse. The route resource comes last because Pacemaker restarts whatever is ordered after
 * a resource it stops as unexpected.
 */
export function overlayGroupXml(
  settings: ClusterSettings,
  allocationId: string,
  overlay: { readonly destination: string; readonly routeTableIds: readonly string[] },
): string {
  const route = {
    ...settings,
    resource: {
      ...settings.resource,
      id: "overlay",
      agent: "ocf:eip-failover:route",
      params: { ip: overlay.destination, routing_table: overlay.routeTableIds.join(","), interface: "eth0" },
      meta: { ...settings.resource.meta, ...ROUTE_META },
    },
  };
  return `<group id="${GROUP_ID}">${primitiveXml(settings, { allocation_id: allocationId })}${primitiveXml(route, {})}</group>`;
}

/** The monitor interval of README step 6, in seconds. */
export function monitorSeconds(settings: ClusterSettings): number {
  return seconds(settings.resource.ops.monitor?.interval ?? "10s");
}

/** failure-timeout of README step 6 in seconds (Infinity when it sets none: failures never expire). */
export function failureTimeoutSeconds(settings: ClusterSettings): number {
  const v = settings.resource.meta["failure-timeout"] ?? settings.defaults["failure-timeout"];
  return v === undefined ? Number.POSITIVE_INFINITY : seconds(v);
}
