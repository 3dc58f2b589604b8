import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { beforeEach, describe, expect, it } from "vitest";
import { doctorRun } from "../../../../cli/doctor/command.ts";
import { WHAT_IF_CLIENT } from "../../../../cli/drill/command.ts";
import { createDrillController } from "../../../../cli/drill/controller.ts";
import { drillStackOf } from "../../../../cli/drill/stack.ts";
import { createDrillSweep } from "../../../../cli/drill/sweep.ts";
import { renderWhatIf, whatIfDrill } from "../../../../cli/drill/what-if.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { holder as holderOf } from "../../../../cli/harness/index.ts";
import { PAUSE_CLIENT, setPause } from "../../../../cli/pause/command.ts";
import { embeddedSession } from "../../../../cli/session.ts";
import { statusOf } from "../../../../cli/status/command.ts";
import type { FailoverReport } from "../../../../functions/types.ts";
import { REGION } from "../../../../sim/constants.ts";
import { instanceStateChange } from "../../../../sim/events.ts";
import { scheduledEvent } from "../../../../sim/schedule.ts";
import { useRegion } from "../../../support/region.ts";
import { runCli } from "../run-cli.ts";

const SINCE = "2026-12-06T15:00:00.000Z";

describe("pause and resume against the sim: the controller plans, records and carries out nothing", () => {
  const sim = useRegion();
  beforeEach(async () => {
    await deployClassic(sim.region);
  });
  const nodes = () => sim.region.topology.nodes;
  const eip = () => sim.region.topology.eip.allocationId;
  const holder = () => holderOf(sim.region.truth, eip());
  const session = () => embeddedSession(sim.region, PAUSE_CLIENT);
  const stopA = () =>
    sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [nodes().A.instanceId] }));
  const document = async () =>
    JSON.parse(
      (await sim.region.ssm("test").send(new GetParameterCommand({ Name: "/eip-failover/clusters/web" })))
        .Parameter?.Value ?? "{}",
    );

  it("pause writes the field into the cluster's document; a second pause writes nothing; resume removes it", async () => {
    // Act
    const first = await setPause(await session(), "web", { since: SINCE, reason: "kernel upgrade" });
    const again = await setPause(await session(), "web", { since: "2026-12-06T16:00:00.000Z" });
    // Assess
    expect(first).toMatchObject({ changed: true, paused: { since: SINCE, reason: "kernel upgrade" } });
    expect(again).toMatchObject({ changed: false, paused: { since: SINCE } });
    expect((await document()).paused).toEqual({ since: SINCE, reason: "kernel upgrade" });
    const resumed = await setPause(await session(), "web", undefined);
    expect(resumed).toMatchObject({ changed: true, paused: undefined });
    expect((await document()).paused).toBeUndefined();
    expect((await document()).name).toBe("web");
  });

  it("a failure of a paused cluster: the event path and the sweep plan it, report 'paused' with the plan and a notice, and move nothing", async () => {
    // Prepare
    await setPause(await session(), "web", { since: SINCE });
    await stopA();
    await sim.region.proxy.settle();
    const logs: string[] = [];
    const stack = await drillStackOf(sim.region);
    const controller = createDrillController(sim.region, (_, message) => logs.push(message), {
      dryRun: false,
      stack,
    });
    // Act
    const answer = await controller
      .invoke(instanceStateChange({ instanceId: nodes().A.instanceId, state: "stopped" }))
      .finally(() => stack.destroy());
    const swept = await createDrillSweep(sim.region, () => {}, { dryRun: false }).invoke(
      scheduledEvent({ ruleName: "sweep" }),
    );
    // Assess
    const report = (answer as { report: FailoverReport }).report;
    const paused = {
      outcome: "paused",
      since: SINCE,
      plan: expect.arrayContaining([expect.stringMatching(new RegExp(`^AssociateAddress ${eip()} `))]),
    };
    expect(report.addresses.map((a) => a.result)).toEqual([paused]);
    expect(report.routes.map((r) => r.result)).toEqual([
      { ...paused, plan: expect.arrayContaining([expect.stringMatching(/^ReplaceRoute rtb-/)]) },
    ]);
    expect(swept.addresses.map((a) => a.result)).toEqual([paused]);
    expect(await holder()).toBe(nodes().A.instanceId);
    expect(logs).toContain("cluster paused: not moving the address; would do");
    const notices = sim.region.proxy.bus.entries("eip-failover");
    expect(notices.map((n) => n.detailType)).toContain("EIP Failover Paused");
    expect(notices.every((n) => n.detailType === "EIP Failover Paused")).toBe(true);
    expect(notices[0]?.detail).toMatchObject({ outcome: "paused", cluster: "web", pausedSince: SINCE });
    const mutating = sim.region.proxy.log.entries().filter((e) => e.client === "lambda" && e.mutating);
    expect(mutating.map((e) => e.action)).toEqual([]);
  });

  it("resumed, the next sweep moves what the failure left while it was paused", async () => {
    await setPause(await session(), "web", { since: SINCE });
    await stopA();
    await sim.region.proxy.settle();
    await setPause(await session(), "web", undefined);
    const swept = await createDrillSweep(sim.region, () => {}, { dryRun: false }).invoke(
      scheduledEvent({ ruleName: "sweep" }),
    );
    expect(swept.addresses.map((a) => a.result.outcome)).toEqual(["moved"]);
    expect(await holder()).toBe(nodes().B.instanceId);
  });

  it("drill --cluster's dry run of a paused cluster shows the plan it would skip, and is not ok", async () => {
    await setPause(await session(), "web", { since: SINCE });
    const report = await whatIfDrill(await embeddedSession(sim.region, WHAT_IF_CLIENT), "web", REGION);
    expect(report.ok).toBe(false);
    expect(renderWhatIf(report)).toContain(
      `  ${eip()}: paused since ${SINCE}: the controller would carry out none of this (eip-failover resume --cluster web)\n    `,
    );
  });

  it("status and doctor name the paused cluster", async () => {
    await setPause(await session(), "web", { since: SINCE, reason: "maintenance" });
    const status = await statusOf(await session(), { cluster: undefined });
    const doctor = await doctorRun(await session(), { cluster: undefined });
    expect(status.clusters[0]?.paused).toEqual({ since: SINCE, reason: "maintenance" });
    expect(doctor.paused).toEqual([{ name: "web", paused: { since: SINCE, reason: "maintenance" } }]);
  });
});

describe("npx eip-failover pause / resume (the command)", () => {
  it("pause --embedded: one confirmation line on stdout, exit 0", async () => {
    const run = await runCli(["pause", "--embedded", "--cluster", "web", "--reason", "drill"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^paused web \(the embedded region .*\): within 30 s the controller plans/);
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
  });

  it.each([
    [["pause"], "eip-failover pause: --cluster NAME is required (the cluster to pause or resume)"],
    [["resume", "--cluster", "web", "--reason", "x"], "eip-failover resume: --reason applies only to pause"],
    [["pause", "--cluster", "a/b"], "eip-failover pause: --cluster 'a/b' is not valid"],
    [
      ["pause", "--embedded", "--cluster", "nope"],
      "eip-failover pause: --cluster 'nope' is not a cluster here",
    ],
  ])("%j → exit 2: one line and the hint", async (args, line) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    const [first, hint, ...rest] = run.stderr
      .split("\n")
      .filter((l) => !l.startsWith("starting the embedded"));
    expect(first).toContain(line);
    expect(hint).toBe(`try eip-failover ${args[0]} --help`);
    expect(rest.filter(Boolean)).toEqual([]);
  });

  it("--help lists every flag", async () => {
    for (const name of ["pause", "resume"]) {
      const run = await runCli([name, "--help"]);
      expect(run.code).toBe(0);
      for (const flag of ["--cluster", "--json", "--region", "--stack", "--embedded", "--live", "--help"])
        expect(run.stdout).toContain(flag);
      if (name === "pause") expect(run.stdout).toContain("--reason");
    }
  });
});
