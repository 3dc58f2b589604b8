// `eip-failover history` against the sim: the drill's failover and a paused cluster's skipped one, read back from the
// embedded stack's history (moto's EventBridge delivers each notice to its log group, as AWS's does), by the command
// as an operator runs it (an account reached through AWS_ENDPOINT_URL) and in-process. One region for the file.
import { StartInstancesCommand, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDrillArgs } from "../../../../cli/drill/args.ts";
import { createDrillController } from "../../../../cli/drill/controller.ts";
import { runScenarioOn } from "../../../../cli/drill/run.ts";
import { drillStackOf } from "../../../../cli/drill/stack.ts";
import { createDrillSweep } from "../../../../cli/drill/sweep.ts";
import type { DrillOptions } from "../../../../cli/drill/types.ts";
import { deployClassic } from "../../../../cli/embedded.ts";
import { HISTORY_CLIENT, historyOf } from "../../../../cli/history/command.ts";
import { NoHistory, readNotices } from "../../../../cli/history/read.ts";
import type { Failover } from "../../../../cli/history/types.ts";
import { setPause } from "../../../../cli/pause/command.ts";
import { embeddedSession } from "../../../../cli/session.ts";
import { historyResourcesOf } from "../../../../cli/stack/history.ts";
import { REGION } from "../../../../sim/constants.ts";
import { instanceStateChange } from "../../../../sim/events.ts";
import { scheduledEvent } from "../../../../sim/schedule.ts";
import { useRegion } from "../../../support/region.ts";
import { jsonOf, runCli } from "../run-cli.ts";

const SINCE = "2026-12-06T15:00:00.000Z";
const DAY = 86_400_000;

describe("eip-failover history against the sim's packaged stack", () => {
  const sim = useRegion({ resetEach: false });
  const nodes = () => sim.region.topology.nodes;
  const env = () => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: HISTORY_CLIENT,
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_ENDPOINT_URL: sim.region.proxy.endpoint,
  });
  const session = () => embeddedSession(sim.region, HISTORY_CLIENT);
  const read = async (cluster?: string) =>
    historyOf(await session(), { cluster, sinceMs: DAY, since: "1d" }, Date.now() + 60_000);

  beforeAll(async () => {
    await deployClassic(sim.region);
    // the drill's failover (node A stops, the controller moves the EIP to B), exactly as `drill` runs it
    const drill = await runScenarioOn(sim.region, parseDrillArgs([]) as DrillOptions);
    expect(drill.verdict.ok, drill.verdict.why).toBe(true);
  });

  it("after the drill: its failover, the trigger, the phases and the outcome, as the command prints them", async () => {
    // Act
    const [text, json] = await Promise.all([
      runCli(["history"], env()),
      runCli(["history", "--json", "--since", "1d"], env()),
    ]);
    // Assess
    expect(text.code, text.stderr).toBe(0);
    const [first, , head, , block] = text.stdout.split("\n");
    expect(first).toBe(`looked at: account 123456789012, Region ${REGION}, stack eip-failover-dev`);
    expect(head).toMatch(/^1 failover since .* \(7d\), from \/aws\/events\/eip-failover-dev\/failovers$/);
    expect(block).toMatch(
      new RegExp(`^web  \\S+  moved  ${nodes().A.instanceId} → ${nodes().B.instanceId}$`),
    );
    const doc = jsonOf<{ source: unknown; failovers: Failover[] }>(json);
    expect(doc?.source).toEqual({
      kind: "account",
      account: "123456789012",
      region: REGION,
      stack: "eip-failover-dev",
    });
    expect(doc?.failovers).toHaveLength(1);
    expect(doc?.failovers[0]).toMatchObject({
      cluster: "web",
      outcomes: ["moved"],
      trigger: { by: "event", instanceId: nodes().A.instanceId, cause: "state-change", detail: "stopped" },
      items: [
        { what: `${sim.region.topology.eip.allocationId} (${sim.region.topology.eip.publicIp})`, notices: 1 },
      ],
    });
    expect(doc?.failovers[0]?.timeline.map((s) => s.phase)).toEqual([
      "trigger",
      "grace",
      "wait",
      "move",
      "outcome",
    ]);
  });

  it("reads only, and only what the stack's reader policy grants", async () => {
    // Prepare
    sim.region.proxy.log.clear();
    const policy = historyResourcesOf("eip-failover-dev", "/eip-failover/clusters").FailoverHistoryReader as {
      Properties: { PolicyDocument: { Statement: { Action: string[] }[] } };
    };
    const granted = policy.Properties.PolicyDocument.Statement.flatMap((s) =>
      s.Action.map((a) => a.split(":")[1]),
    );
    // Act: a cluster named by no notice is looked up among the documents too
    await read("web");
    await read("db").catch(() => undefined);
    // Assess
    const calls = sim.region.proxy.log.entries().filter((e) => e.client === HISTORY_CLIENT);
    expect(calls.filter((e) => e.mutating)).toEqual([]);
    expect([...new Set(calls.map((e) => e.action))].sort()).toEqual([...granted].sort());
  });

  it("a paused cluster: what the event path and the sweep skipped, with the plan, after the drill's move", async () => {
    // Prepare: A runs again as B's standby; web is paused; B stops
    const { A, B } = nodes();
    await sim.region.ec2("console").send(new StartInstancesCommand({ InstanceIds: [A.instanceId] }));
    await setPause(await session(), "web", { since: SINCE });
    await sim.region.ec2("console").send(new StopInstancesCommand({ InstanceIds: [B.instanceId] }));
    await sim.region.proxy.settle();
    // Act
    const stack = await drillStackOf(sim.region);
    await createDrillController(sim.region, () => {}, { dryRun: false, stack })
      .invoke(instanceStateChange({ instanceId: B.instanceId, state: "stopped" }))
      .finally(() => stack.destroy());
    await createDrillSweep(sim.region, () => {}, { dryRun: false }).invoke(
      scheduledEvent({ ruleName: "sweep" }),
    );
    const report = await read("web");
    // Assess
    const paused = report.failovers.filter((f) => f.outcomes.includes("paused"));
    expect(report.failovers[0]?.outcomes).toEqual(["moved"]);
    expect(paused.length).toBeGreaterThanOrEqual(1);
    // one notice from each path; they fall into one failover when both name the same second of B's failure
    expect(paused.flatMap((f) => f.items.map((i) => i.notices)).reduce((a, b) => a + b, 0)).toBe(2);
    for (const f of paused) {
      expect(f.trigger?.instanceId).toBe(B.instanceId);
      expect(f.items[0]?.plan).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^AssociateAddress ${sim.region.topology.eip.allocationId} `)),
        ]),
      );
      expect(f.timeline.at(-1)?.text).toContain(`paused since ${SINCE}: did not move`);
    }
  });

  it("--cluster naming no cluster, a bad --since: one line naming the value and a hint, exit 2", async () => {
    const [unknown, since] = await Promise.all([
      runCli(["history", "--cluster", "nope"], env()),
      runCli(["history", "--since", "3 days"], env()),
    ]);
    expect([unknown.code, unknown.stdout]).toEqual([2, ""]);
    expect(unknown.stderr).toBe(
      "eip-failover history: --cluster 'nope' is not a cluster here (clusters: web)\ntry eip-failover history --help\n",
    );
    expect([since.code, since.stdout]).toEqual([2, ""]);
    expect(since.stderr.split("\n")[0]).toBe(
      "eip-failover history: --since '3 days' is not valid (expected a duration: a whole number and s, m, h, d or w, e.g. 90m, 12h, 7d; at most 365d, the history's retention)",
    );
    expect(since.stderr).not.toMatch(/^\s+at /m);
  });

  it("a stack without the history: one line saying so and what to do", async () => {
    const clients = (await session()).clients;
    await expect(
      readNotices(
        clients,
        { stackName: "old", historyLogGroup: "/aws/events/old/failovers" },
        { startTime: 0, endTime: 1 },
      ),
    ).rejects.toThrow(NoHistory);
    await expect(readNotices(clients, { stackName: "old" }, { startTime: 0, endTime: 1 })).rejects.toThrow(
      "stack old keeps no failover history (no log group (output HistoryLogGroup)): deploy this version (npx sls deploy) and the history starts with the next notice",
    );
  });

  it("--help lists every flag history accepts", async () => {
    const help = await runCli(["history", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--cluster",
      "--since",
      "--json",
      "--region",
      "--stack",
      "--live",
      "--embedded",
      "--help",
    ])
      expect(help.stdout).toContain(flag);
  });
});
