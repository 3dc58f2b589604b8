import {
  addressKey,
  type Before,
  instanceKey,
  routeDestination,
  routeKey,
  withStateFields,
} from "./changes.ts";
import type { LagWindows } from "./consistency.ts";
import { itemsOf, listParam, ownField, splice, type XmlItem } from "./query-xml.ts";

// Describe answers from moto (the truth) as EC2 would give them while recent changes have not yet shown: each
// resource with an open lag window is shown as that window holds it. Only the resources in the answer are
// touched; moto applied the request's filters to the truth (no product call filters on a changed attribute:
// the product names addresses, tables and instances by id), and a request paged by MaxResults is not refilled.
// DescribeNetworkInterfaces' association block is not lagged: nothing of the product reads it (the doctor reads
// interfaces for their tags only).

type Windows = Pick<LagWindows<Before>, "shown" | "staleKeys">;

/** Each item of `set` whose `idTag` names a stale resource, rewritten by `show`. */
function rewriteItems(
  xml: string,
  set: string,
  idTag: string,
  show: (item: XmlItem, id: string) => string | undefined,
): string {
  const edits = itemsOf(xml, set).flatMap((item) => {
    const id = ownField(item.text, idTag);
    const text = id === undefined ? undefined : show(item, id);
    return text === undefined ? [] : [{ start: item.start, end: item.end, text }];
  });
  return edits.length === 0 ? xml : splice(xml, edits);
}

function addresses(xml: string, windows: Windows): string {
  return rewriteItems(xml, "addressesSet", "allocationId", (_item, id) => {
    const before = windows.shown(addressKey(id));
    return before?.kind === "address" ? before.item : undefined;
  });
}

/**
 * One table item with its route to `destination` as `before` shows it (absent when `before` is undefined: the
 * route was created). A route is never absent now and present before: the sim models no route deletion.
 */
function showRoute(table: string, destination: string, before: string | undefined): string {
  const now = itemsOf(table, "routeSet").find((r) => routeDestination(r.text) === destination);
  return now ? splice(table, [{ start: now.start, end: now.end, text: before ?? "" }]) : table;
}

function routeTables(xml: string, windows: Windows): string {
  return rewriteItems(xml, "routeTableSet", "routeTableId", (item, id) => {
    const keys = windows.staleKeys(routeKey(id, ""));
    if (keys.length === 0) return undefined;
    return keys.reduce((table, key) => {
      const before = windows.shown(key);
      if (before?.kind !== "route") return table;
      return showRoute(table, key.slice(routeKey(id, "").length), before.item);
    }, item.text);
  });
}

function instances(xml: string, windows: Windows): string {
  return rewriteItems(xml, "instancesSet", "instanceId", (item, id) => {
    const before = windows.shown(instanceKey(id));
    return before?.kind === "instance" ? withStateFields(item.text, before.fields) : undefined;
  });
}

/**
 * DescribeInstanceStatus lists stopped instances only with IncludeAllInstances, so a stale picture may add an
 * instance the truth leaves out (it still shows running) or drop one (it still shows stopped).
 */
function statuses(xml: string, windows: Windows, params: URLSearchParams): string {
  const all = params.get("IncludeAllInstances") === "true";
  const listed = (status: string | undefined) =>
    status !== undefined && (all || /<instanceState>.*?<name>running<\/name>/s.test(status));
  const shownStatus = (id: string) => {
    const before = windows.shown(instanceKey(id));
    return before?.kind === "instance" ? before : undefined;
  };
  let out = rewriteItems(xml, "instanceStatusSet", "instanceId", (_item, id) => {
    const before = shownStatus(id);
    if (!before) return undefined;
    return listed(before.status) ? before.status : "";
  });
  const present = new Set(itemsOf(xml, "instanceStatusSet").map((i) => ownField(i.text, "instanceId")));
  const named = listParam(params, "InstanceId");
  const filtered = [...params.keys()].some((k) => k.startsWith("Filter."));
  const candidates =
    named.length > 0
      ? named
      : filtered
        ? []
        : windows.staleKeys(instanceKey("")).map((k) => k.slice(instanceKey("").length));
  const added = candidates
    .filter((id) => !present.has(id))
    .flatMap((id) => {
      const status = shownStatus(id)?.status;
      return listed(status) ? [status as string] : [];
    });
  if (added.length === 0) return out;
  out = out.includes("</instanceStatusSet>")
    ? out.replace("</instanceStatusSet>", `${added.join("")}</instanceStatusSet>`)
    : out.replace("<instanceStatusSet/>", `<instanceStatusSet>${added.join("")}</instanceStatusSet>`);
  return out;
}

/** Describe actions whose answers show the lag. */
const STALE_ANSWERS: Record<string, (xml: string, windows: Windows, params: URLSearchParams) => string> = {
  DescribeAddresses: addresses,
  DescribeRouteTables: routeTables,
  DescribeInstances: instances,
  DescribeInstanceStatus: statuses,
};

/** True when `action`'s answers can show a change late. */
export function showsLag(action: string): boolean {
  return Object.hasOwn(STALE_ANSWERS, action);
}

/**
 * moto's answer `xml` to `action` (asked with `params`) as EC2 would give it now: every resource in it that a
 * recent change has not yet reached shown as `windows` holds it. Unchanged when nothing in it is stale.
 *
 * @example
 * showStale("DescribeAddresses", params, motoXml, windows) // the address still on A for a second or two
 */
export function showStale(action: string, params: URLSearchParams, xml: string, windows: Windows): string {
  return STALE_ANSWERS[action]?.(xml, windows, params) ?? xml;
}
