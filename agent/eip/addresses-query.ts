// Covered by test/unit/agent/eip/addresses-query.test.ts (AWS's documented answer) and
// test/integration/agent/ec2-query.test.ts (against sim/: the snapshots the SDK's client gives).
import type { Address } from "@aws-sdk/client-ec2";
import type { AddressSource } from "../../core/locate.ts";
import { decodeXml, type QueryTarget, query } from "../ocf/ec2-query.ts";

// DescribeAddresses over ../ocf/ec2-query.ts, for the probe (monitor with interval 0), which must ask EC2 and
// otherwise would load the whole SDK half for this one read.

/** The item fields core's snapshot reads (core/snapshot.ts), by their XML names. */
const FIELDS = {
  publicIp: "PublicIp",
  allocationId: "AllocationId",
  domain: "Domain",
  instanceId: "InstanceId",
  associationId: "AssociationId",
  networkInterfaceId: "NetworkInterfaceId",
  networkInterfaceOwnerId: "NetworkInterfaceOwnerId",
  privateIpAddress: "PrivateIpAddress",
} as const satisfies Record<string, keyof Address>;

/**
 * The addresses of a DescribeAddresses answer, as the SDK's client names them.
 *
 * @throws Error (with $metadata.httpStatusCode 200) when the text is not a DescribeAddresses answer.
 */
export function parseAddresses(xml: string): Address[] {
  if (!/<DescribeAddressesResponse[\s>]/.test(xml))
    throw Object.assign(new Error(`not a DescribeAddresses answer: '${xml.slice(0, 60)}'`), {
      $metadata: { httpStatusCode: 200 },
    });
  // A tag set's items would read as addresses: its keys and values are not the snapshot's.
  const plain = xml.replace(/<tagSet>[\s\S]*?<\/tagSet>/g, "").replace(/<tagSet\/>/g, "");
  const set = /<addressesSet>([\s\S]*)<\/addressesSet>/.exec(plain)?.[1] ?? "";
  return [...set.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item]) => {
    const address: Record<string, string> = {};
    for (const [, tag, text] of item!.matchAll(/<(\w+)>([^<]*)<\/\1>/g))
      if (Object.hasOwn(FIELDS, tag!)) address[FIELDS[tag as keyof typeof FIELDS]] = decodeXml(text!);
    return address as Address;
  });
}

/**
 * DescribeAddresses through `target`, as an {@link AddressSource}; each attempt's connection may stay idle
 * `timeoutMs`.
 *
 * @example
 * await locateIn(queryAddresses(target, 5000), { allocationId }, { deadline })
 */
export function queryAddresses(target: QueryTarget, timeoutMs: number): AddressSource {
  return {
    async read(input, signal) {
      // The Query API's list members: AllocationId.1, AllocationId.2, … (as the SDK serializes them).
      const params = Object.fromEntries([
        ...(input.AllocationIds ?? []).map((id, i) => [`AllocationId.${i + 1}`, id]),
        ...(input.PublicIps ?? []).map((ip, i) => [`PublicIp.${i + 1}`, ip]),
      ]);
      return {
        Addresses: parseAddresses(await query(target, "DescribeAddresses", params, { timeoutMs, signal })),
      };
    },
    region: async () => target.region,
  };
}
