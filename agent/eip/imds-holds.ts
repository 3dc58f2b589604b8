import type { Target } from "../../core/types.ts";
import type { Identity } from "../ocf/identity.ts";
import type { ImdsSession } from "../ocf/imds.ts";

/** What IMDSv2 says of the address on this node: held, or why it cannot say so. */
export type ImdsView = { readonly held: true } | { readonly held: false; readonly why: string };

/** The MAC whose metadata lists the target's Elastic IPs: the instance's primary interface, or the given one. */
function macOf(target: Target, identity: Identity): string | undefined {
  if (target.kind === "instance" || target.networkInterfaceId === identity.networkInterfaceId)
    return identity.macAddress;
  return identity.macs?.[target.networkInterfaceId];
}

/**
 * Whether IMDSv2 shows `publicIp` on the target's interface (`public-ipv4s`), mapped to the target's private
 * IP when one is configured (`ipv4-associations/<public-ip>`). Local and link-local: no API call, no IAM.
 * Never throws: an IMDS that does not answer is a reason to ask EC2, which the answer says.
 *
 * @example
 * await imdsHolds(await openImds(endpoint, 1000), "203.0.113.10", self, identity) // { held: true }
 */
export async function imdsHolds(
  imds: () => Promise<ImdsSession>,
  publicIp: string,
  target: Target,
  identity: Identity,
): Promise<ImdsView> {
  const mac = macOf(target, identity);
  if (!mac) return { held: false, why: "IMDSv2's MAC of the interface is not known" };
  const base = `network/interfaces/macs/${mac}`;
  try {
    const session = await imds();
    const listed = (await session.find(`${base}/public-ipv4s`))?.split("\n").map((line) => line.trim());
    if (!listed?.includes(publicIp)) return { held: false, why: `IMDSv2 does not show ${publicIp} here` };
    // Stryker disable next-line ConditionalExpression: an instance target has no private IP, so it reads as undefined either way
    const wanted = target.kind === "interface" ? target.privateIpAddress : undefined;
    if (!wanted) return { held: true };
    const mapped = await session.find(`${base}/ipv4-associations/${publicIp}`);
    return mapped === wanted
      ? { held: true }
      : { held: false, why: `IMDSv2 maps ${publicIp} to ${mapped ?? "nothing"}, not ${wanted}` };
  } catch (error) {
    return { held: false, why: `IMDSv2 did not answer (${error instanceof Error ? error.message : error})` };
  }
}
