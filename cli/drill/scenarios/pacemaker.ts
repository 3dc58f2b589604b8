import { ocfName, runAgentOn } from "../agent.ts";
import {
  checkClassic,
  classicEntries,
  mutatingBy,
  type ScenarioContext,
  type ScenarioFn,
  verdictOf,
} from "./common.ts";

type Step = { node: "A" | "B"; action: "start" | "stop" | "monitor"; expect: number };

/** What Pacemaker runs to move a resource: stop where it is, start on the other node, monitor there. */
const MOVE: readonly Step[] = [
  { node: "A", action: "stop", expect: 0 },
  { node: "B", action: "start", expect: 0 },
  { node: "B", action: "monitor", expect: 0 },
];
/** A dry run only probes, as `crm_resource --move` would not: read-only monitors on both nodes. */
const PROBE: readonly Step[] = [
  { node: "A", action: "monitor", expect: 0 },
  { node: "B", action: "monitor", expect: 7 },
];

async function runSteps(ctx: ScenarioContext, steps: readonly Step[]): Promise<string | undefined> {
  const { eip } = ctx.region.topology;
  for (const step of steps) {
    ctx.recorder.add("agent", `Pacemaker runs on node${step.node}: eip ${step.action}`);
    const result = await runAgentOn(ctx.region, step.node, step.action, eip.allocationId);
    ctx.recorder.add("agent", `node${step.node} ${step.action} → ${ocfName(result.code)}: ${result.says}`);
    if (result.code !== step.expect)
      return `node${step.node} ${step.action} answered ${ocfName(result.code)}, expected ${ocfName(step.expect)}`;
  }
  return undefined;
}

/**
 * The agent path, no Lambda: node A's service fails, Pacemaker moves the resource. The built agent runs as
 * separate processes with each node's IMDS identity: `stop` on A, `start` then `monitor` on B.
 */
export const pacemaker: ScenarioFn = async (ctx) => {
  const { nodes, eip } = ctx.region.topology;
  const { dryRun } = ctx.options;
  ctx.recorder.add(
    "drill",
    `EIP ${eip.publicIp} on nodeA ${nodes.A.instanceId}; Pacemaker runs ocf:eip-failover:eip`,
  );
  const failureAt = Date.now();
  ctx.recorder.add("drill", "the failure: a resource on nodeA fails; Pacemaker moves the group to nodeB");
  const failed = await runSteps(ctx, dryRun ? PROBE : MOVE);
  const doneAt = Date.now();
  const check = await checkClassic(ctx);
  const agentMutating = mutatingBy(ctx, "nodeA") + mutatingBy(ctx, "nodeB");
  const verdict = dryRun
    ? verdictOf("dry run: the agents' probes agree the EIP is on nodeA; nothing changed", [
        [failed === undefined, failed ?? ""],
        [check.after === nodes.A.instanceId, `the address moved during a dry run (now on ${check.after})`],
        [agentMutating === 0, "an agent made a mutating call during a dry run"],
      ])
    : verdictOf(`failed over by Pacemaker: the EIP moved from nodeA to nodeB in ${doneAt - failureAt} ms`, [
        [failed === undefined, failed ?? ""],
        [check.after === nodes.B.instanceId, `moto has the EIP on ${check.after ?? "nobody"}, not nodeB`],
      ]);
  return {
    expectation: dryRun
      ? "monitor on both nodes: nodeA running (OCF_SUCCESS), nodeB not (OCF_NOT_RUNNING); no change"
      : "stop on nodeA hands the EIP over (no mutating call), start on nodeB takes it with one AssociateAddress, monitor confirms",
    failureAt,
    doneAt,
    addresses: [check],
    outcomes: [dryRun ? "planned" : failed ? "failed" : "moved"],
    handlerErrors: 0,
    verdict,
    entries: classicEntries(ctx),
  };
};
