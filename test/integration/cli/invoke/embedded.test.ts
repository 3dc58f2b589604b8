import { describe, expect, it } from "vitest";
import { embeddedInvoke } from "../../../../cli/invoke.ts";
import { useRegion } from "../../../support/region.ts";

describe("the embedded region's controller, invoked", () => {
  const sim = useRegion();

  it("answers the self-check as a direct invocation, with no stack deployed: it needs no queue", async () => {
    // Prepare: a region with its nodes and no stack (useRegion deploys none)
    const invoke = embeddedInvoke(sim.region);
    // Act
    const report = await invoke({ "eip-failover": "self-check", cluster: "web" });
    // Assess: the controller's own report (no cluster document yet: it says so), its reads made as client "lambda"
    expect(report).toMatchObject({
      selfCheck: "web",
      checks: [{ action: "ssm:GetParametersByPath", allowed: true }],
      error: "unknown cluster: 'web' (known: none)",
    });
    expect(sim.region.proxy.log.count({ client: "lambda" })).toBeGreaterThan(0);
  });

  it("sends any other payload to the deployed stack's decisions queue, so without a stack it says the stack is missing", async () => {
    // Prepare
    const invoke = embeddedInvoke(sim.region);
    // Act
    const sent = invoke({ "eip-failover": "sweep" });
    // Assess
    await expect(sent).rejects.toThrow(/eip-failover-dev/);
  });
});
