import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MetadataService } from "@aws-sdk/ec2-metadata-service";

/** Who this node is, as IMDSv2 says. Cached, since none of it changes while the instance runs. */
export interface Identity {
  readonly instanceId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly macAddress: string;
  /** The primary network interface (device 0) of this instance. */
  readonly networkInterfaceId: string;
}

/** IMDS could not tell us who we are (down, slow, or refusing tokens). Transient from the agent's view. */
export class IdentityError extends Error {
  override readonly name = "IdentityError";
}

/** Where the identity is cached: HA_RSCTMP (tmpfs, cleared at boot), else /run/resource-agents. */
export function identityCachePath(
  env: Readonly<Record<string, string | undefined>>,
  resource: string,
): string {
  return join(
    env.HA_RSCTMP || "/run/resource-agents",
    `eip-failover-${resource.replace(/[^\w.-]/g, "_")}.identity.json`,
  );
}

function parseIdentity(text: string): Identity | undefined {
  try {
    const v = JSON.parse(text) as Partial<Identity>;
    const fields = [v.instanceId, v.region, v.availabilityZone, v.macAddress, v.networkInterfaceId];
    return fields.every((f) => typeof f === "string" && f.length > 0) ? (v as Identity) : undefined;
  } catch {
    return undefined;
  }
}

/** Asks IMDSv2 (never v1: a refused token is an error, not a reason to fall back). */
export async function fetchIdentity(endpoint: string | undefined, timeoutMs: number): Promise<Identity> {
  const imds = new MetadataService({
    ...(endpoint ? { endpoint } : {}),
    ec2MetadataV1Disabled: true,
    httpOptions: { timeout: Math.max(100, Math.floor(timeoutMs)) },
    retries: 1,
    backoff: 0.1,
    tokenTtl: 60,
  });
  const get = (path: string) => imds.request(`/latest/meta-data/${path}`, {}).then((s) => s.trim());
  try {
    const [instanceId, region, availabilityZone, macAddress] = await Promise.all([
      get("instance-id"),
      get("placement/region"),
      get("placement/availability-zone"),
      get("mac"),
    ]);
    const networkInterfaceId = await get(`network/interfaces/macs/${macAddress}/interface-id`);
    return { instanceId, region, availabilityZone, macAddress, networkInterfaceId };
  } catch (error) {
    throw new IdentityError(
      `IMDSv2 did not answer at ${endpoint ?? "http://169.254.169.254"}: ${(error as Error).message} (is the instance metadata service enabled with HttpTokens=required?)`,
      { cause: error },
    );
  }
}

/**
 * The node's identity from the cache, or from IMDSv2 (then cached, atomically, mode 0600). A monitor on a
 * warm node makes no IMDS call at all. A cache that cannot be written only costs IMDS calls next time.
 */
export async function loadIdentity(options: {
  cachePath: string;
  endpoint: string | undefined;
  timeoutMs: number;
}): Promise<{ identity: Identity; cached: boolean }> {
  const text = await readFile(options.cachePath, "utf8").catch(() => undefined);
  const cached = text ? parseIdentity(text) : undefined;
  if (cached) return { identity: cached, cached: true };
  const identity = await fetchIdentity(options.endpoint, options.timeoutMs);
  try {
    await mkdir(join(options.cachePath, ".."), { recursive: true });
    const tmp = `${options.cachePath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(identity), { mode: 0o600 });
    await rename(tmp, options.cachePath);
  } catch {
    // read-only or missing HA_RSCTMP: correct without a cache, only slower
  }
  return { identity, cached: false };
}
