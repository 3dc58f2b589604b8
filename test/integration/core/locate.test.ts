import { describe, expect, it } from "vitest";
import { ConfigurationError, deadlineIn, locate } from "../../../core/index.ts";
import { useMoto } from "../../support/moto.ts";

const options = () => ({ deadline: deadlineIn(10_000) });

describe("locate against moto", () => {
  const sim = useMoto();

  it("finds the classic EIP by allocation id, associated to node A", async () => {
    const { eip, nodes } = sim.topology;
    const found = await locate(sim.ec2, { allocationId: eip.allocationId }, options());
    expect(found).toMatchObject({
      allocationId: eip.allocationId,
      publicIp: eip.publicIp,
      domain: "vpc",
      association: {
        associationId: eip.associationId,
        instanceId: nodes.A.instanceId,
        networkInterfaceId: nodes.A.networkInterfaceId,
        privateIpAddress: "10.0.0.20",
      },
    });
  });

  it("finds the same address by public IP", async () => {
    const { eip } = sim.topology;
    const found = await locate(sim.ec2, { publicIp: eip.publicIp }, options());
    expect(found.allocationId).toBe(eip.allocationId);
  });

  it("names an unknown allocation id", async () => {
    const error = await locate(sim.ec2, { allocationId: "eipalloc-0000000000000000f" }, options()).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("eipalloc-0000000000000000f");
  });

  it("names an unknown public IP", async () => {
    const error = await locate(sim.ec2, { publicIp: "198.51.100.77" }, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("198.51.100.77");
  });
});
