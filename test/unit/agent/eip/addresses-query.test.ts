import { describe, expect, it } from "vitest";
import { parseAddresses } from "../../../../agent/eip/addresses-query.ts";
import { toSnapshot } from "../../../../core/snapshot.ts";

// DescribeAddresses's answer as AWS documents it (EC2 API Reference, DescribeAddresses, "Example 1"), with a tag
// set added: the parser must give what the SDK's client gives for the fields core reads.

const DOCUMENTED = `<DescribeAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
   <requestId>f7de5e98-491a-4c19-a92d-908d6EXAMPLE</requestId>
   <addressesSet>
      <item>
         <publicIp>203.0.113.41</publicIp>
         <allocationId>eipalloc-08229861</allocationId>
         <domain>vpc</domain>
         <instanceId>i-0598c7d356eba48d7</instanceId>
         <associationId>eipassoc-f0229899</associationId>
         <networkInterfaceId>eni-ef229886</networkInterfaceId>
         <networkInterfaceOwnerId>053230519467</networkInterfaceOwnerId>
         <privateIpAddress>10.0.0.228</privateIpAddress>
         <tagSet><item><key>Name</key><value>web &amp; api</value></item><item><key>publicIp</key><value>1.2.3.4</value></item></tagSet>
         <publicIpv4Pool>amazon</publicIpv4Pool>
     </item>
     <item>
         <publicIp>198.51.100.7</publicIp>
         <allocationId>eipalloc-0000000000000000a</allocationId>
         <domain>vpc</domain>
         <tagSet/>
     </item>
   </addressesSet>
</DescribeAddressesResponse>`;

describe("parseAddresses", () => {
  it("gives each item's fields by the SDK's names, tags ignored", () => {
    expect(parseAddresses(DOCUMENTED)).toEqual([
      {
        PublicIp: "203.0.113.41",
        AllocationId: "eipalloc-08229861",
        Domain: "vpc",
        InstanceId: "i-0598c7d356eba48d7",
        AssociationId: "eipassoc-f0229899",
        NetworkInterfaceId: "eni-ef229886",
        NetworkInterfaceOwnerId: "053230519467",
        PrivateIpAddress: "10.0.0.228",
      },
      { PublicIp: "198.51.100.7", AllocationId: "eipalloc-0000000000000000a", Domain: "vpc" },
    ]);
    expect(toSnapshot(parseAddresses(DOCUMENTED)[0]!)?.association).toEqual({
      associationId: "eipassoc-f0229899",
      instanceId: "i-0598c7d356eba48d7",
      networkInterfaceId: "eni-ef229886",
      privateIpAddress: "10.0.0.228",
    });
  });

  it.each([
    [
      '<DescribeAddressesResponse xmlns="x"><requestId>r</requestId><addressesSet/></DescribeAddressesResponse>',
    ],
    ['<DescribeAddressesResponse xmlns="x"><addressesSet>\n</addressesSet></DescribeAddressesResponse>'],
  ])("no address: an empty list", (xml) => {
    expect(parseAddresses(xml)).toEqual([]);
  });

  it("anything else is not an answer, and fails as a transient one would (status 200)", () => {
    expect(() => parseAddresses("<html>captive portal</html>")).toThrow(
      /^not a DescribeAddresses answer: '<html>captive/,
    );
  });
});
