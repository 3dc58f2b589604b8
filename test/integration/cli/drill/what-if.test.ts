import { beforeEach, describe, expect, it } from "vitest";
import { WHAT_IF_CLIENT } from "../../../../cli/drill/command.ts";
import { classicDoc } from "../../../../cli/drill/scenarios/common.ts";
import { renderWhatIf, type WhatIfReport, whatIfDrill } from "../../../../cli/drill/what-if.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { holder, putCluster } from "../../../../cli/harness/index.ts";
import { embeddedSession } from "../../../../cli/session.ts";
import { REGION } from "../../../../sim/constants.ts";
import { useRegion } from "../../../support/region.ts";
import { jsonOf, runCli } from "../run-cli.ts";

describe("drill --cluster: the deployed controller's dry run of a synthetic holder failure", () => {
  const sim = useRegion();
  beforeEach(async () => {
    await deployClassic(sim.region);
  });

  it("prints fence, move and reconcile for the healthy holder, and the proxy log shows no mutating call", async () => {
    // Prepare: fencing and reconciliation on, a grace window that a real failure would wait out.
    const { nodes, eip } = sim.region.topology;
    const doc = classicDoc(sim.region, {
      fencing: "stop",
      graceSeconds: 30,
      pacemaker: { reconcileCommand: "crm_resource --refresh -r vip" },
    });
    await putCluster(sim.region.ssm("setup"), "web", doc);
    sim.region.proxy.log.clear();
    // Act
    const report = await whatIfDrill(await embeddedSession(sim.region, WHAT_IF_CLIENT), "web", REGION);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.runs).toEqual([
      {
        holder: nodes.A.instanceId,
        addresses: [
          expect.objectContaining({
            cluster: "web",
            allocationId: eip.allocationId,
            from: nodes.A.instanceId,
            to: nodes.B.instanceId,
            // an assumed failure holds no grace window
            timings: expect.objectContaining({ graceMs: 0 }),
            result: {
              outcome: "planned",
              plan: [
                `StopInstances ${nodes.A.instanceId} (SkipOsShutdown + Force)`,
                `DisassociateAddress ${eip.associationId}`,
                `AssociateAddress ${eip.allocationId} → instance ${nodes.B.instanceId} (AllowReassociation=false)`,
                `SSM AWS-RunShellScript on ${nodes.B.instanceId}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh -r vip && exit 0; fi; sleep 5; done; exit 1`,
              ],
            },
          }),
        ],
        routes: [],
      },
    ]);
    const log = sim.region.proxy.log;
    expect(log.entries().filter((e) => e.mutating || e.action === "SendCommand")).toEqual([]);
    expect(log.count({ client: "lambda", action: "DescribeAddresses" })).toBeGreaterThan(0);
    expect(await holder(sim.region.truth, eip.allocationId)).toBe(nodes.A.instanceId);
    expect(renderWhatIf(report)).toContain(
      `if ${nodes.A.instanceId} failed now:\n  ${eip.allocationId}:\n    StopInstances`,
    );
  });

  it("a route-only cluster: its holder is the member the tables send the overlay to, and the plan replaces each table's route", async () => {
    // Prepare
    const { nodes, overlay } = sim.region.topology;
    const members = [nodes.A, nodes.B].map((n) => ({
      instanceId: n.instanceId,
      networkInterfaceId: n.networkInterfaceId,
    }));
    const doc = classicDoc(sim.region, {
      addresses: [],
      routes: [{ destination: overlay.destination, routeTableIds: [...overlay.routeTableIds] }],
      members,
    });
    await putCluster(sim.region.ssm("setup"), "web", doc);
    sim.region.proxy.log.clear();
    // Act
    const report = await whatIfDrill(await embeddedSession(sim.region, WHAT_IF_CLIENT), "web", REGION);
    // Assess
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => [r.holder, r.addresses.length, r.routes.map((x) => x.result)])).toEqual([
      [
        nodes.A.instanceId,
        0,
        [
          {
            outcome: "planned",
            plan: overlay.routeTableIds.map(
              (t) => `ReplaceRoute ${t} ${overlay.destination} → ${nodes.B.networkInterfaceId}`,
            ),
          },
        ],
      ],
    ]);
    expect(sim.region.proxy.log.entries().filter((e) => e.mutating)).toEqual([]);
    expect(renderWhatIf(report)).toContain(
      `if ${nodes.A.instanceId} failed now:\n  route ${overlay.destination}:\n    ReplaceRoute `,
    );
  });
});

describe("npx eip-failover drill --cluster web --json (its own embedded region)", () => {
  it("parses, plans the move to the standby, and exits 0", async () => {
    const run = await runCli(["drill", "--cluster", "web", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf<WhatIfReport>(run);
    expect(report?.runs[0]?.addresses[0]?.result).toMatchObject({
      outcome: "planned",
      plan: [
        expect.stringMatching(/^DisassociateAddress /),
        // the embedded document names each member's interface (its overlay route needs them), so the address goes there
        expect.stringMatching(/^AssociateAddress .* → network interface eni-/),
      ],
    });
  });
});
