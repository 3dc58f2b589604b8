// Covered by test/unit/agent/eip/monitor.test.ts (a recurring monitor answered by IMDSv2 with the remembered IP).
import { readOwnJson, writeOwnJson } from "../ocf/cache.ts";

/**
 * Remembers the public IP of an allocation: IMDS names Elastic IPs by public IP only, and an allocation's
 * public IP never changes, so one EC2 answer (a probe or a start) serves every later monitor.
 */
export interface PublicIpCache {
  get(allocationId: string): Promise<string | undefined>;
  put(allocationId: string, publicIp: string): Promise<void>;
}

/**
 * A {@link PublicIpCache} in one file under HA_RSCTMP (ours only, mode 0600, like the identity cache).
 *
 * @example
 * const cache = filePublicIpCache(cachePath(config.rscTmp, config.resource, "address"));
 */
export function filePublicIpCache(path: string): PublicIpCache {
  const get = async (allocationId: string) => {
    const v = (await readOwnJson(path)) as { allocationId?: unknown; publicIp?: unknown } | undefined;
    return v?.allocationId === allocationId && typeof v.publicIp === "string" ? v.publicIp : undefined;
  };
  return {
    get,
    // Written once: every probe and start reads the address, and a rewrite of the same file is a probe's cost.
    put: async (allocationId, publicIp) => {
      if ((await get(allocationId)) !== publicIp) await writeOwnJson(path, { allocationId, publicIp });
    },
  };
}
