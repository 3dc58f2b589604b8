import type { OverlayGroupSettings } from "./overlay-settings.ts";
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
 * The `<primitive>` that `pcs resource create` makes from Deploy step 6, with `overrides` for the
 * test's own values (the allocation id of the sim's EIP).
 */
export function primitiveXml(settings: ClusterSettings, overrides: Readonly<Record<string, string>>): string {
  const r = settings.resource;
  const [cls, provider, type] = r.agent.split(":");
  if (!cls || !provider || !type)
    throw new Error(`pacemaker.md step 1: agent '${r.agent}' is not class:provider:type`);
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

/**
 * Deploy step 6's resource and an overlay route resource in the group docs/pacemaker.md recommends
 * (`group`: members in its order, the route resource with its meta and ops), the route's params set to the
 * topology's overlay: Pacemaker starts the members in that order on one node and stops them in reverse.
 */
export function overlayGroupXml(
  settings: ClusterSettings,
  allocationId: string,
  overlay: { readonly destination: string; readonly routeTableIds: readonly string[] },
  group: OverlayGroupSettings,
): string {
  const params = {
    ip: overlay.destination,
    routing_table: overlay.routeTableIds.join(","),
    interface: "eth0",
  };
  const xml: Record<string, string> = {
    [settings.resource.id]: primitiveXml(settings, { allocation_id: allocationId }),
    [group.route.id]: primitiveXml({ ...settings, resource: { ...group.route, params } }, {}),
  };
  const members = group.members.map((id) => {
    const member = xml[id];
    if (member === undefined)
      throw new Error(
        `pacemaker.md group '${group.group}': member '${id}' is neither '${settings.resource.id}' nor '${group.route.id}'`,
      );
    return member;
  });
  return `<group id="${group.group}">${members.join("")}</group>`;
}

/** The monitor interval of Deploy step 6, in seconds. */
export function monitorSeconds(settings: ClusterSettings): number {
  return seconds(settings.resource.ops.monitor?.interval ?? "10s");
}

/** failure-timeout of Deploy step 6 in seconds (Infinity when it sets none: failures never expire). */
export function failureTimeoutSeconds(settings: ClusterSettings): number {
  const v = settings.resource.meta["failure-timeout"] ?? settings.defaults["failure-timeout"];
  return v === undefined ? Number.POSITIVE_INFINITY : seconds(v);
}
