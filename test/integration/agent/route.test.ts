import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { fetchIdentity } from "../../../agent/ocf/identity.ts";
import { outcomeOf } from "../../../agent/ocf/outcome.ts";
import { memoryWritten, type Written } from "../../../agent/ocf/written.ts";
import { monitorRoute, type RouteContext, startRoute, stopRoute } from "../../../agent/route/actions.ts";
import { parseRouteConfig } from "../../../agent/route/config.ts";
import type { IpRunner } from "../../../agent/route/ip.ts";
import type { RoutesWritten } from "../../../agent/route/own-routes.ts";
import { deadlineIn } from "../../../core/deadline.ts";
import { observeRoutes } from "../../../core/observe-routes.ts";
import type { NodeName } from "../../../sim/constants.ts";
import { type NodeNamespace, useNodeNamespace } from "../../support/netns.ts";
import { useRegion } from "../../support/region.ts";

// The route agent's actions against the sim (EC2 through the proxy, each node's IMDSv2), with `ip` run for
// real inside a network namespace per node that this test makes: a veth eth0 stands for the node's interface.

const sh = promisify(execFile);

describe("ocf:eip-failover:route against the sim, ip in network namespaces", () => {
  const sim = useRegion();
  const NS: Record<NodeName, NodeNamespace> = { A: useNodeNamespace("eipRA"), B: useNodeNamespace("eipRB") };
  // What each node's start routed (HA_RSCTMP's record), new for every test, as each test rebuilds the topology.
  let written: Record<NodeName, Written<RoutesWritten>>;
  beforeEach(async () => {
    for (const ns of Object.values(NS)) await ns.flush();
    written = { A: memoryWritten(), B: memoryWritten() };
  });

  /** `ip` inside node `n`'s namespace. */
  const ipIn =
    (n: NodeName): IpRunner =>
    async (args) => {
      try {
        const { stdout, stderr } = await sh("ip", ["-n", NS[n].name, ...args]);
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return {
          code: typeof e.code === "number" ? e.code : 1,
          stdout: e.stdout ?? "",
          stderr: e.stderr ?? "",
        };
      }
    };

  /** The overlay addresses on node `n`'s eth0. */
  const onEth0 = async (n: NodeName) => (await NS[n].addresses()).filter((a) => a.startsWith("192.168.100."));

  /** Node `n`'s context: its IMDS identity, an EC2 client through the proxy, its namespace's `ip`. */
  const on = (n: NodeName, env: Record<string, string> = {}): RouteContext => ({
    config: parseRouteConfig({
      OCF_RESKEY_ip: "192.168.100.10",
      OCF_RESKEY_routing_table: sim.region.topology.overlay.routeTableIds.join(","),
      ...env,
    }),
    deadline: deadlineIn(20_000),
    ip: ipIn(n),
    written: written[n],
    aws: async () => ({
      ec2: sim.region.ec2(`node${n}`),
      identity: await fetchIdentity(sim.region.imds[n].endpoint, 2_000),
    }),
  });
  // Where the tables route it, read without the sim's lag: what the agents' calls did, not what a read shows yet.
  const routedTo = async () =>
    (
      await observeRoutes(sim.region.truth, sim.region.topology.overlay, {
        deadline: deadlineIn(10_000),
      })
    ).tables.map((t) => t.route?.networkInterfaceId);
  const run = (action: (ctx: RouteContext) => Promise<unknown>, ctx: RouteContext) =>
    action(ctx).catch((error: unknown) => outcomeOf(error));

  it("start on A, then B takes over; A's probe then fails; stop on A leaves B's routes; B's monitor is 0", async () => {
    const { A, B } = sim.region.topology.nodes;
    // Act / Assess: A starts where the routes already are
    expect(await run(startRoute, on("A"))).toMatchObject({ code: 0 });
    expect(await onEth0("A")).toEqual(["192.168.100.10"]);
    expect(await routedTo()).toEqual([A.networkInterfaceId, A.networkInterfaceId]);
    // … a minute ago: what A's start routed is older than api_lag when B takes over
    const own = await written.A.get();
    if (own) await written.A.put(own, Date.now() - 60_000);
    // B starts: every table moves to B's interface, and B's eth0 has the IP
    expect(await run(startRoute, on("B"))).toMatchObject({ code: 0 });
    expect(await routedTo()).toEqual([B.networkInterfaceId, B.networkInterfaceId]);
    expect(await onEth0("B")).toEqual(["192.168.100.10"]);
    // A still has the IP but not the routes: a probe there is a failure, not "stopped" (a read that still shows
    // the routes at A is read again after api_lag)
    expect(await run(monitorRoute, on("A"))).toMatchObject({ code: 1 });
    // stop on A: the IP leaves A's interface, the routes stay with B
    expect(await run(stopRoute, on("A"))).toMatchObject({ code: 0 });
    expect(await onEth0("A")).toEqual([]);
    expect(await routedTo()).toEqual([B.networkInterfaceId, B.networkInterfaceId]);
    expect(await run(monitorRoute, on("A"))).toMatchObject({ code: 7 });
    expect(
      await run(monitorRoute, on("B", { OCF_RESKEY_CRM_meta_interval: "10000", OCF_RESKEY_monapi: "true" })),
    ).toMatchObject({ code: 0 });
  });

  it("a route table that does not exist: start is 6 and the IP is not added", async () => {
    const bad = on("B", { OCF_RESKEY_routing_table: "rtb-0123456789abcdef0" });
    const outcome = await run(startRoute, bad);
    expect(outcome).toMatchObject({ code: 6 });
    expect((outcome as { reason: string }).reason).toContain("rtb-0123456789abcdef0");
    expect(await onEth0("B")).toEqual([]);
  });
});
