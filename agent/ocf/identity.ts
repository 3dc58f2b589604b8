// Covered by test/integration/agent/identity.test.ts (IMDSv2 against sim/imds.ts, the HA_RSCTMP cache).
import { readOwnJson, writeOwnJson } from "./cache.ts";
import { ImdsError } from "./errors.ts";
import { IMDS_DEFAULT_ENDPOINT, openImds } from "./imds.ts";

/** Who this node is, as IMDSv2 says. Cached, since none of it changes while the instance runs. */
export interface Identity {
  readonly instanceId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly macAddress: string;
  /** The primary network interface (device 0) of this instance. */
  readonly networkInterfaceId: string;
  /** Every network interface attached to this instance, the primary one included. */
  readonly networkInterfaceIds: readonly string[];
  /** Each attached interface's MAC address, by interface id: where IMDS lists its Elastic IPs. */
  readonly macs?: Readonly<Record<string, string>>;
}

const FIELDS = ["instanceId", "region", "availabilityZone", "macAddress", "networkInterfaceId"] as const;

/** The cached identity, only if the file is ours and complete (an older one without `macs` is asked again). */
async function readCache(path: string): Promise<Identity | undefined> {
  const v = (await readOwnJson(path)) as Partial<Identity> | undefined;
  if (!v || typeof v !== "object") return undefined;
  const complete =
    FIELDS.every((f) => typeof v[f] === "string" && v[f].length > 0) &&
    Array.isArray(v.networkInterfaceIds) &&
    v.networkInterfaceIds.every((id) => typeof id === "string" && id.length > 0) &&
    typeof v.macs === "object" &&
    v.macs !== null &&
    Object.values(v.macs).every((mac) => typeof mac === "string");
  return complete ? (v as Identity) : undefined;
}

/** Asks IMDSv2: one token, then five GETs at once, then each interface's id by MAC. */
export async function fetchIdentity(endpoint: string | undefined, timeoutMs: number): Promise<Identity> {
  try {
    const imds = await openImds(endpoint, timeoutMs);
    const [instanceId, region, availabilityZone, macAddress, macs] = await Promise.all([
      imds.get("instance-id"),
      imds.get("placement/region"),
      imds.get("placement/availability-zone"),
      imds.get("mac"),
      imds.get("network/interfaces/macs/"),
    ]);
    const all = [
      ...new Set([macAddress, ...macs.split("\n").map((line) => line.trim().replace(/\/$/, ""))]),
    ].filter(Boolean);
    const ids = await Promise.all(all.map((mac) => imds.get(`network/interfaces/macs/${mac}/interface-id`)));
    return {
      instanceId,
      region,
      availabilityZone,
      macAddress,
      networkInterfaceId: ids[0]!,
      networkInterfaceIds: ids,
      macs: Object.fromEntries(ids.map((id, i) => [id, all[i]!])),
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImdsError(
      `IMDSv2 did not answer at ${endpoint || IMDS_DEFAULT_ENDPOINT}: ${why} (is the instance metadata service enabled, with tokens, and a hop limit ≥ 1?)`,
      { cause: error },
    );
  }
}

/**
 * The node's identity from the cache, or from IMDSv2 (then cached atomically, mode 0600; the token is never
 * stored). A monitor on a warm node makes no IMDS call for identity.
 *
 * @example
 * const { identity } = await loadIdentity({ cachePath, endpoint: undefined, timeoutMs: 1000 });
 */
export async function loadIdentity(options: {
  cachePath: string;
  endpoint: string | undefined;
  timeoutMs: number;
  /** A configured interface the cache must know of; otherwise ask IMDS again (it may have been attached since). */
  interfaceId?: string | undefined;
}): Promise<{ identity: Identity; cached: boolean }> {
  const cached = await readCache(options.cachePath);
  const knows = (id: Identity) =>
    !options.interfaceId || id.networkInterfaceIds.includes(options.interfaceId);
  if (cached && knows(cached)) return { identity: cached, cached: true };
  const identity = await fetchIdentity(options.endpoint, options.timeoutMs);
  await writeOwnJson(options.cachePath, identity);
  return { identity, cached: false };
}
