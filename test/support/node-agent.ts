import { beforeEach } from "vitest";
import { eipAgentEnv } from "../../cli/harness/index.ts";
import type { NodeName } from "../../sim/constants.ts";
import type { Region } from "../../sim/region.ts";
import { type AgentRun, rscTmp, runAgent } from "./agent.ts";

/** Runs the built agent on one node of the sim region for resource "vip" of the classic EIP. */
export type NodeAgent = (node: NodeName, action: string, extra?: Record<string, string>) => Promise<AgentRun>;

/**
 * The built agent on nodes A and B of the sim region, as pacemaker-execd runs it there. Each node has its own
 * HA_RSCTMP, new for every test: each test rebuilds the topology with new instance ids. Call inside `describe`.
 *
 * @example
 * const { agent } = useNodeAgent(sim);
 * expect((await agent("A", "monitor")).code).toBe(0);
 */
export function useNodeAgent(sim: { readonly region: Region }): {
  readonly agent: NodeAgent;
  readonly tmp: Readonly<Record<NodeName, string>>;
} {
  const tmp: Record<NodeName, string> = { A: "", B: "" };
  beforeEach(() => {
    tmp.A = rscTmp();
    tmp.B = rscTmp();
  });
  const agent: NodeAgent = (node, action, extra = {}) =>
    runAgent(action, {
      ...eipAgentEnv(sim.region, node, sim.region.topology.eip.allocationId, tmp[node]),
      ...extra,
    });
  return { agent, tmp };
}
