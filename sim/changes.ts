import { itemsOf, listParam, ownField } from "./query-xml.ts";

// What a mutating EC2 call is about to change, as Describe shows it now: the "before" picture the proxy keeps
// showing for the lag. Read from moto directly, right before the call is forwarded, so it costs no call in the
// log and no token in a bucket.

/** The parts of an instance that show its state in DescribeInstances, as moto wrote them. */
export interface InstanceStateFields {
  readonly instanceState: string;
  readonly stateReason: string;
  readonly reason: string;
}

/** One resource as Describe showed it before a change. */
export type Before =
  | { readonly kind: "address"; readonly item: string }
  /** `item` undefined: the table had no route to that destination. */
  | { readonly kind: "route"; readonly item: string | undefined }
  /** `status` undefined: DescribeInstanceStatus did not list the instance. */
  | { readonly kind: "instance"; readonly fields: InstanceStateFields; readonly status: string | undefined };

/** A resource a call changes, keyed as {@link LagWindows} keys it, with how it looked before. */
export interface Change {
  readonly key: string;
  readonly before: Before;
}

/** Asks moto one query-protocol question (a form body without Version) and returns its XML answer. */
export type AskMoto = (params: Record<string, string>) => Promise<string>;

/** The key of an Elastic IP, by allocation id. */
export const addressKey = (allocationId: string) => `address:${allocationId}`;
/** The key of one route: its table and destination (a CIDR, or a prefix list id). */
export const routeKey = (routeTableId: string, destination: string) => `route:${routeTableId}|${destination}`;
/** The key of an instance's state. */
export const instanceKey = (instanceId: string) => `instance:${instanceId}`;

const DESTINATIONS = ["destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"];

/** Where a route item of DescribeRouteTables sends traffic from: its destination, whichever kind it is. */
export function routeDestination(item: string): string | undefined {
  for (const tag of DESTINATIONS) {
    const value = ownField(item, tag);
    if (value !== undefined) return value;
  }
  return undefined;
}

const STATE_FIELDS = {
  instanceState: /<instanceState>.*?<\/instanceState>/s,
  stateReason: /<stateReason\/>|<stateReason>.*?<\/stateReason>/s,
  reason: /<reason\/>|<reason>[^<]*<\/reason>/,
} as const;

/** The state fields of one instance item of DescribeInstances (empty text where moto wrote none). */
export function stateFieldsOf(item: string): InstanceStateFields {
  const field = (re: RegExp) => re.exec(item)?.[0] ?? "";
  return {
    instanceState: field(STATE_FIELDS.instanceState),
    stateReason: field(STATE_FIELDS.stateReason),
    reason: field(STATE_FIELDS.reason),
  };
}

/** An instance item of DescribeInstances with its state fields as in `fields`. */
export function withStateFields(item: string, fields: InstanceStateFields): string {
  let out = item;
  for (const [name, re] of Object.entries(STATE_FIELDS))
    if (fields[name as keyof InstanceStateFields])
      out = out.replace(re, fields[name as keyof InstanceStateFields]);
  return out;
}

/** Numbered parameters for a list: ("InstanceId", [a, b]) → { "InstanceId.1": a, "InstanceId.2": b }. */
function numbered(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v, i) => [`${name}.${i + 1}`, v]));
}

function filter(name: string, value: string): Record<string, string> {
  return { "Filter.1.Name": name, "Filter.1.Value.1": value };
}

async function addresses(ask: AskMoto, queries: Record<string, string>[]): Promise<Change[]> {
  const answers = await Promise.all(queries.map((q) => ask({ Action: "DescribeAddresses", ...q })));
  const seen = new Map<string, Change>();
  for (const { text } of answers.flatMap((xml) => itemsOf(xml, "addressesSet"))) {
    const id = ownField(text, "allocationId");
    if (id) seen.set(id, { key: addressKey(id), before: { kind: "address", item: text } });
  }
  return [...seen.values()];
}

async function route(ask: AskMoto, params: URLSearchParams): Promise<Change[]> {
  const table = params.get("RouteTableId");
  const destination = ["DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"]
    .map((p) => params.get(p))
    .find(Boolean);
  if (!table || !destination) return [];
  const xml = await ask({ Action: "DescribeRouteTables", ...numbered("RouteTableId", [table]) });
  if (itemsOf(xml, "routeTableSet").length === 0) return [];
  const item = itemsOf(xml, "routeSet").find((r) => routeDestination(r.text) === destination)?.text;
  return [{ key: routeKey(table, destination), before: { kind: "route", item } }];
}

async function instances(ask: AskMoto, params: URLSearchParams): Promise<Change[]> {
  const ids = listParam(params, "InstanceId");
  if (ids.length === 0) return [];
  const [described, statuses] = await Promise.all([
    ask({ Action: "DescribeInstances", ...numbered("InstanceId", ids) }),
    ask({ Action: "DescribeInstanceStatus", IncludeAllInstances: "true", ...numbered("InstanceId", ids) }),
  ]);
  const status = new Map(
    itemsOf(statuses, "instanceStatusSet").map((s) => [ownField(s.text, "instanceId"), s.text]),
  );
  return itemsOf(described, "instancesSet").flatMap(({ text }) => {
    const id = ownField(text, "instanceId");
    if (!id) return [];
    const fields = stateFieldsOf(text);
    return [{ key: instanceKey(id), before: { kind: "instance", fields, status: status.get(id) } }];
  });
}

function associate(ask: AskMoto, params: URLSearchParams): Promise<Change[]> {
  const [allocationId, publicIp, instanceId, eni] = [
    "AllocationId",
    "PublicIp",
    "InstanceId",
    "NetworkInterfaceId",
  ].map((name) => params.get(name));
  return addresses(ask, [
    ...(allocationId ? [numbered("AllocationId", [allocationId])] : []),
    ...(publicIp ? [numbered("PublicIp", [publicIp])] : []),
    ...(eni ? [filter("network-interface-id", eni)] : instanceId ? [filter("instance-id", instanceId)] : []),
  ]);
}

function disassociate(ask: AskMoto, params: URLSearchParams): Promise<Change[]> {
  const associationId = params.get("AssociationId");
  const publicIp = params.get("PublicIp");
  return addresses(ask, [
    ...(associationId ? [filter("association-id", associationId)] : []),
    ...(publicIp ? [numbered("PublicIp", [publicIp])] : []),
  ]);
}

/**
 * What each modelled mutating action changes. Addresses: the one named, and any other on the target (EC2 moves
 * an instance's existing Elastic IP off it). Routes: the one route named (the sim models no route deletion:
 * nothing of this project may delete a route). Instances: the state of each one named
 * (a reboot keeps it running, so it is not here). Other actions change nothing the lag models.
 */
const CHANGED_BY: Record<string, (ask: AskMoto, params: URLSearchParams) => Promise<Change[]>> = {
  AssociateAddress: associate,
  DisassociateAddress: disassociate,
  CreateRoute: route,
  ReplaceRoute: route,
  StopInstances: instances,
  StartInstances: instances,
  TerminateInstances: instances,
};

/** True when the lag models what `action` changes (so the proxy asks moto before forwarding it). */
export function changesModelled(action: string): boolean {
  return Object.hasOwn(CHANGED_BY, action);
}

/** The resources the mutating EC2 call `action` (with `params`) is about to change, as Describe shows them now. */
export function changedBy(action: string, params: URLSearchParams, ask: AskMoto): Promise<Change[]> {
  return CHANGED_BY[action]?.(ask, params) ?? Promise.resolve([]);
}
