import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { claimRoutes, deadlineIn, observeRoutes } from "../../../core/index.ts";
import { rscTmp } from "../../support/agent.ts";
import { useNodeNamespace } from "../../support/netns.ts";
import { useRegion } from "../../support/region.ts";

// The installed route agent under resource-agents' ocf-tester and crm_resource, against the sim, with the real
// `ip` acting inside a network namespace of this test's own (an `ip` first on PATH runs `ip -n <namespace>`).

const run = promisify(execFile);
const INSTALLED = "/usr/lib/ocf/resource.d/eip-failover/route";
/** A command's exit code and output, whether it succeeded or not. */
const outcome = (argv: readonly string[], env: Record<string, string>) =>
  run(argv[0] as string, argv.slice(1), { env }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe("the installed route agent under Pacemaker's own tools, ip in a namespace of the test's own", () => {
  const sim = useRegion();
  const nodeA = useNodeNamespace("eipOA");
  beforeAll(async () => {
    await run("bash", ["scripts/install-agent.sh"]);
  });
  const env = () => ({
    PATH: `${nodeA.ipDir}:${process.env.PATH ?? ""}`,
    HA_RSCTMP: rscTmp(),
    ...sim.region.env("nodeA", "A"),
  });
  const params = () => [
    "ip=192.168.100.10",
    `routing_table=${sim.region.topology.overlay.routeTableIds.join(",")}`,
    "interface=eth0",
  ];
  /** Which interface each overlay table routes to, in truth (never a lagging read). */
  const routedTo = async () =>
    (
      await observeRoutes(sim.region.truth, sim.region.topology.overlay, {
        deadline: deadlineIn(10_000),
      })
    ).tables.map((t) => t.route?.networkInterfaceId);

  it("ocf-tester passes with no failure; start moved both tables' routes to A, stop left them there and took the IP off", async () => {
    // Prepare: the routes point at B, so A's start has something to move (set on the truth: the state the
    // test starts from, not a change it watches lag)
    const { A, B } = sim.region.topology.nodes;
    const ec2 = sim.region.truth;
    const seen = await observeRoutes(ec2, sim.region.topology.overlay, { deadline: deadlineIn(10_000) });
    await claimRoutes(ec2, seen, B.networkInterfaceId, { deadline: deadlineIn(10_000) });
    // Act
    const tester = await outcome(
      ["ocf-tester", "-n", "overlay", ...params().flatMap((p) => ["-o", p]), INSTALLED],
      env(),
    );
    // Assess
    expect(tester.out).toContain("passed all tests");
    expect(tester.out).not.toMatch(/failed|error/i);
    expect(tester.code).toBe(0);
    expect(await routedTo()).toEqual([A.networkInterfaceId, A.networkInterfaceId]);
    expect(await nodeA.addresses()).not.toContain("192.168.100.10");
  });

  it("crm_resource --force-start puts the IP on the namespace's eth0, --force-check sees it, --force-stop removes it", async () => {
    // Prepare
    const e = env();
    const crm = (op: string) =>
      outcome(
        [
          "crm_resource",
          op,
          ...["--class", "ocf", "--provider", "eip-failover", "--agent", "route"],
          ...params().flatMap((p) => ["--option", p]),
        ],
        e,
      );
    // Act / Assess
    expect((await crm("--force-check")).code).toBe(7);
    expect((await crm("--force-start")).code).toBe(0);
    expect(await nodeA.addresses()).toContain("192.168.100.10");
    expect((await crm("--force-check")).code).toBe(0);
    expect((await crm("--force-stop")).code).toBe(0);
    expect(await nodeA.addresses()).not.toContain("192.168.100.10");
    expect((await crm("--force-check")).code).toBe(7);
  });
});
