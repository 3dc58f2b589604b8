import { AssociateAddressCommand, DescribeAddressesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION } from "../../../sim/constants.ts";
import { type SimProxy, startProxy } from "../../../sim/proxy.ts";
import { useMoto } from "../../support/moto.ts";

describe("the proxy answers DescribeAddresses as EC2 does for an address associated by interface", () => {
  const sim = useMoto();
  let proxy: SimProxy;
  let ec2: EC2Client;
  beforeAll(async () => {
    proxy = await startProxy({ target: sim.moto.endpoint });
    ec2 = new EC2Client({
      region: REGION,
      endpoint: proxy.endpoint,
      credentials: { accessKeyId: "auditor", secretAccessKey: "testing" },
    });
  });
  afterAll(async () => {
    ec2.destroy();
    await proxy.stop();
  });

  it("names the instance the interface is attached to, and logs only the caller's call", async () => {
    // Prepare: the classic EIP moved to node B's interface (what the controller does for a member naming one)
    const { eip, nodes } = sim.topology;
    await sim.ec2.send(
      new AssociateAddressCommand({
        AllocationId: eip.allocationId,
        NetworkInterfaceId: nodes.B.networkInterfaceId,
        AllowReassociation: true,
      }),
    );
    // Act
    const out = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.allocationId] }));
    // Assess
    expect(out.Addresses?.[0]).toMatchObject({
      NetworkInterfaceId: nodes.B.networkInterfaceId,
      InstanceId: nodes.B.instanceId,
    });
    expect(proxy.log.entries().map((e) => e.action)).toEqual(["DescribeAddresses"]);
  });
});
