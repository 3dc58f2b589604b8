import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
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
}

const FIELDS = ["instanceId", "region", "availabilityZone", "macAddress", "networkInterfaceId"] as const;

/** The cached identity, only if the file is ours and nobody else could have written it. */
async function readCache(path: string): Promise<Identity | undefined> {
  try {
    const st = await stat(path);
    if (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return undefined;
    const v = JSON.parse(await readFile(path, "utf8")) as Partial<Identity>;
    const complete =
      FIELDS.every((f) => typeof v[f] === "string" && v[f].length > 0) &&
      Array.isArray(v.networkInterfaceIds) &&
      v.networkInterfaceIds.every((id) => typeof id === "string" && id.length > 0);
    return complete ? (v as Identity) : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(path: string, identity: Identity): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(identity), { mode: 0o600 });
    await rename(tmp, path);
  } catch {
    // read-only or missing HA_RSCTMP: correct without a cache, only slower
  }
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
  await writeCache(options.cachePath, identity);
  return { identity, cached: false };
}
