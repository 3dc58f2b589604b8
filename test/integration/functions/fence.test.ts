import { describe, expect, it } from "vitest";
import { alarmStateChange } from "../../../sim/events.ts";
import { classicCluster, lambdaContext, putCluster, useBuiltHandler } from "../../support/controller.ts";

// moto takes SkipOsShutdown (it ignores parameters it does not model); an EC2 API that predates it answers
// 400 UnknownParameter, which the proxy plays here for the controller's first StopInstances.
describe("the built handler's fencing 'stop' against the sim", () => {
  const { sim, handler } = useBuiltHandler();
  const impairedA = () => {
    const instanceId = sim.region.topology.nodes.A.instanceId;
    sim.region.proxy.setImpaired([instanceId]);
    return alarmStateChange({ alarmName: "eip-failover-dev-status-A", instanceId, state: "ALARM" });
  };
  const stops = () =>
    sim.region.proxy.log
      .entries()
      .filter((e) => e.client === "lambda" && e.action === "StopInstances")
      .map((e) => e.status);

  it("stops A with SkipOsShutdown in one call, then moves the address", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "stop" }));
    const report = await handler(impairedA(), lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(stops()).toEqual([200]);
  });

  it("where EC2 refuses SkipOsShutdown, stops A with Force alone and still moves the address", async () => {
    await putCluster(sim.region, "web", classicCluster(sim.region, { fencing: "stop" }));
    sim.region.proxy.setFaults([
      {
        action: "StopInstances",
        client: "lambda",
        calls: [1],
        fault: { kind: "error", status: 400, code: "UnknownParameter" },
      },
    ]);
    const report = await handler(impairedA(), lambdaContext());
    expect(report.addresses[0]?.result.outcome).toBe("moved");
    expect(stops()).toEqual([400, 200]);
  });
});
