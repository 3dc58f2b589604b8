import { DescribeAddressesCommand, type EC2Client } from "@aws-sdk/client-ec2";

/**
 * Who holds each address right now, in one DescribeAddresses (all addresses when `allocationIds` is
 * undefined): allocation id → instance id, undefined for an address that points at no instance.
 */
export async function addressHolders(
  ec2: EC2Client,
  allocationIds?: readonly string[],
): Promise<Map<string, string | undefined>> {
  const out = await ec2.send(
    new DescribeAddressesCommand(allocationIds ? { AllocationIds: [...allocationIds] } : {}),
  );
  return new Map(
    (out.Addresses ?? []).flatMap((a) =>
      a.AllocationId ? [[a.AllocationId, a.InstanceId || undefined]] : [],
    ),
  );
}

/**
 * The instance holding one address now; undefined when it points at no instance.
 *
 * @example
 * expect(await holder(region.ec2("test"), region.topology.eip.allocationId)).toBe(nodes.B.instanceId);
 */
export async function holder(ec2: EC2Client, allocationId: string): Promise<string | undefined> {
  return (await addressHolders(ec2, [allocationId])).get(allocationId);
}
