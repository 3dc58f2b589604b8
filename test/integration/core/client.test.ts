import { DescribeAddressesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { useRegion } from "../../support/region.ts";

describe("createEc2Client", () => {
  const sim = useRegion();

  it("leaves retrying to the core: one throttled answer is one HTTP attempt, not the SDK's three", async () => {
    sim.region.proxy.setFaults([
      { action: "DescribeAddresses", fault: { kind: "http", status: 503, code: "RequestLimitExceeded" } },
    ]);
    const ec2 = sim.region.ec2("once");
    const error = await ec2.send(new DescribeAddressesCommand({})).catch((e: Error) => e);
    expect((error as Error).name).toBe("RequestLimitExceeded");
    expect(sim.region.proxy.log.count({ client: "once" })).toBe(1);
  });
});
