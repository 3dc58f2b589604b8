import { describe, expect, it } from "vitest";
import { useNodeAgent } from "../../support/node-agent.ts";
import { useRegion } from "../../support/region.ts";

const deny = (action: string) =>
  ({
    action,
    dryRun: true,
    fault: { kind: "error", status: 403, code: "UnauthorizedOperation" },
  }) as const;

describe("validate-all at OCF_CHECK_LEVEL 10, the built agent against the sim: the node's permissions proven by DryRun", () => {
  const sim = useRegion();
  const { agent } = useNodeAgent(sim);
  const level10 = { OCF_CHECK_LEVEL: "10" };
  /** The node's EC2 calls, as [action, DryRun]. */
  const calls = (client: string) =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === client)
      .map((e) => [e.action, e.dryRun ?? false]);

  it("on the holder: DescribeAddresses, then DryRun AssociateAddress and DisassociateAddress; 0, nothing moved", async () => {
    // Act
    const run = await agent("A", "validate-all", level10);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("DryRun: ec2:AssociateAddress allowed, ec2:DisassociateAddress allowed");
    expect(calls("nodeA")).toEqual([
      ["DescribeAddresses", false],
      ["AssociateAddress", true],
      ["DisassociateAddress", true],
    ]);
    expect(sim.region.proxy.log.mutatingCount()).toBe(0);
  });

  it("on the standby: a DryRun AssociateAddress only", async () => {
    expect((await agent("B", "validate-all", level10)).code).toBe(0);
    expect(calls("nodeB")).toEqual([
      ["DescribeAddresses", false],
      ["AssociateAddress", true],
    ]);
  });

  it.each([
    ["B", "AssociateAddress"],
    ["A", "DisassociateAddress"],
  ] as const)(
    "on node %s, %s denied by IAM: exit 4 naming the IAM action and the resource",
    async (node, action) => {
      // Prepare
      sim.region.proxy.setFaults([deny(action)]);
      const { eip, nodes } = sim.region.topology;
      const resource =
        action === "AssociateAddress"
          ? `instance ${nodes.B.instanceId}`
          : `network interface ${nodes.A.networkInterfaceId}`;
      // Act
      const run = await agent(node, "validate-all", level10);
      // Assess
      expect(run.code).toBe(4);
      expect(run.reason).toContain(`permission denied: ec2:${action} on allocation id ${eip.allocationId}`);
      expect(run.reason).toContain(resource);
      expect(run.reason).toContain("UnauthorizedOperation");
      expect(sim.region.proxy.log.mutatingCount()).toBe(0);
    },
  );

  it("below level 10 nothing changes: no EC2 call at all, even with every DryRun denied", async () => {
    sim.region.proxy.setFaults([deny("*")]);
    expect((await agent("A", "validate-all", { OCF_CHECK_LEVEL: "0" })).code).toBe(0);
    expect(sim.region.proxy.log.entries()).toEqual([]);
  });
});
