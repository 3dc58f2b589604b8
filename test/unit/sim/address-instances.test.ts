import { describe, expect, it } from "vitest";
import {
  attachedInstances,
  fillAddressInstances,
  interfacesWithoutInstance,
} from "../../../sim/address-instances.ts";

// moto's DescribeAddresses items, as it writes them: by interface (no instance), by instance, unassociated
const tags = "<tagSet><item><key>Name</key><value>vip</value></item></tagSet>";
const byInterface = `<item><allocationId>eipalloc-1</allocationId><networkInterfaceId>eni-0b</networkInterfaceId>${tags}<instanceId/><publicIp>203.0.113.1</publicIp></item>`;
const byInstance = `<item><allocationId>eipalloc-2</allocationId><networkInterfaceId>eni-0a</networkInterfaceId>${tags}<instanceId>i-0a</instanceId><publicIp>203.0.113.2</publicIp></item>`;
const unassociated = `<item><allocationId>eipalloc-3</allocationId>${tags}<instanceId/><publicIp>203.0.113.3</publicIp></item>`;
const addresses = (...items: string[]) =>
  `<?xml version="1.0"?><DescribeAddressesResponse><addressesSet>${items.join("")}</addressesSet><requestId>r</requestId></DescribeAddressesResponse>`;

describe("the instance behind an address associated by interface (moto leaves it empty, EC2 names it)", () => {
  it("finds the interfaces of addresses that name no instance, and only those", () => {
    expect(interfacesWithoutInstance(addresses(unassociated, byInterface, byInstance))).toEqual(["eni-0b"]);
    expect(interfacesWithoutInstance(addresses(byInstance, unassociated))).toEqual([]);
  });

  it("reads which instance each interface is attached to", () => {
    const xml = `<DescribeNetworkInterfacesResponse><networkInterfaceSet><item><association><publicIp>203.0.113.1</publicIp></association><attachment><attachmentId>eni-attach-1</attachmentId><instanceId>i-0b</instanceId><status>attached</status></attachment><groupSet><item><groupId>sg-1</groupId></item></groupSet><networkInterfaceId>eni-0b</networkInterfaceId></item><item><networkInterfaceId>eni-0c</networkInterfaceId></item></networkInterfaceSet></DescribeNetworkInterfacesResponse>`;
    expect(attachedInstances(xml)).toEqual(new Map([["eni-0b", "i-0b"]]));
  });

  it("fills the instance in where the interface has one, and leaves every other address as it was", () => {
    // Act
    const xml = fillAddressInstances(
      addresses(unassociated, byInterface, byInstance),
      new Map([
        ["eni-0b", "i-0b"],
        ["eni-0a", "i-0z"],
      ]),
    );
    // Assess
    expect(xml).toBe(
      addresses(
        unassociated,
        byInterface.replace("<instanceId/>", "<instanceId>i-0b</instanceId>"),
        byInstance,
      ),
    );
  });
});
