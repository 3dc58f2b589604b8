import { beforeEach, describe, expect, it } from "vitest";
import { deadlineIn, locate } from "../../../core/index.ts";
import type { NodeName } from "../../../sim/constants.ts";
import type { FaultRule } from "../../../sim/proxy.ts";
import { rscTmp, runAgent } from "../../support/agent.ts";
import { useRegion } from "../../support/region.ts";

// Every agent action × every fault, through the sim: the right exit code, a reason naming the cause (for a
// slow EC2, that the deadline ended it: no wall time is measured here), and the invariants: the allocation
// still exists, and the address is never left unassociated while a healthy holder exists.
// Rows that must end in a failure get a short operation timeout, so their retries end at the agent's own
// deadline; rows that must succeed get a long one, so a busy machine cannot turn their answer into a give-up.
const TIMEOUT_MS = 2_500;
const PATIENT_MS = 20_000;
type Fault = {
  name: string;
  ec2?: FaultRule[];
  imds?: "down" | "unauthorized";
  code: number;
  reason: RegExp;
};

const FAULTS: Fault[] = [
  {
    name: "throttling burst (clears)",
    ec2: [
      { action: "*", calls: [1, 2, 3], fault: { kind: "http", status: 503, code: "RequestLimitExceeded" } },
    ],
    code: -1,
    reason: /./,
  },
  {
    name: "throttling (persistent)",
    ec2: [{ action: "*", fault: { kind: "http", status: 503, code: "RequestLimitExceeded" } }],
    code: 1,
    reason: /RequestLimitExceeded/,
  },
  {
    name: "HTTP 500",
    ec2: [{ action: "*", fault: { kind: "http", status: 500, code: "InternalError" } }],
    code: 1,
    reason: /InternalError/,
  },
  {
    name: "HTTP 503",
    ec2: [{ action: "*", fault: { kind: "http", status: 503, code: "Unavailable" } }],
    code: 1,
    reason: /Unavailable/,
  },
  {
    name: "connection reset",
    ec2: [{ action: "*", fault: { kind: "reset" } }],
    code: 1,
    reason: /transient|ECONNRESET|socket hang up/i,
  },
  {
    name: "slower than the deadline",
    ec2: [{ action: "*", fault: { kind: "delay", ms: 10_000 } }],
    code: 1,
    reason: /timed out|deadline/,
  },
  { name: "IMDS down", imds: "down", code: 1, reason: /IMDSv2/ },
  { name: "IMDS 401", imds: "unauthorized", code: 1, reason: /IMDSv2/ },
  {
    name: "UnauthorizedOperation",
    ec2: [{ action: "*", fault: { kind: "error", status: 403, code: "UnauthorizedOperation" } }],
    code: 4,
    reason: /UnauthorizedOperation/,
  },
  {
    name: "AuthFailure",
    ec2: [{ action: "*", fault: { kind: "error", status: 401, code: "AuthFailure" } }],
    code: 4,
    reason: /AuthFailure/,
  },
];

// What each action answers when nothing fails, from the classic topology (EIP on A).
// A stop releases only when the resource is disabled (target-role Stopped); any other stop hands the address over
// and leaves it where it is.
const ACTIONS: {
  action: string;
  node: NodeName;
  healthy: number;
  holderAfter: NodeName;
  env?: Record<string, string>;
  label?: string;
}[] = [
  { action: "monitor", node: "A", healthy: 0, holderAfter: "A" },
  { action: "start", node: "B", healthy: 0, holderAfter: "B" },
  { action: "stop", node: "A", healthy: 0, holderAfter: "A" },
  {
    action: "stop",
    node: "A",
    healthy: 0,
    holderAfter: "A",
    env: { OCF_RESKEY_CRM_meta_target_role: "Stopped" },
    label: "stop (disabled)",
  },
];

// One region for both matrices; each test starts from the classic topology with an empty log. Rebuilding the
// topology cost more than most rows, so it is rebuilt only after a test that may have changed it: one that moved
// or released the address, held a request with a delay fault (the reset drops it: left held, it would reach moto
// and the log seconds later, inside a later test), left a fault set, or failed. A row that changed nothing says
// so after asserting the address is still where it was.
const sim = useRegion({ resetEach: false });
let changed = false;
beforeEach(async () => {
  if (changed) await sim.region.reset();
  sim.region.proxy.log.clear();
  changed = true;
});

describe("fault matrix: agent action × fault", () => {
  for (const fault of FAULTS)
    for (const a of ACTIONS)
      it(`${a.label ?? a.action} on ${a.node} under ${fault.name}`, async () => {
        // Prepare
        const region = sim.region;
        if (fault.ec2) region.proxy.setFaults(fault.ec2);
        if (fault.imds) region.imds[a.node].setFault({ kind: fault.imds });
        // Act
        const run = await runAgent(a.action, {
          ...region.env(`node${a.node}`, a.node),
          HA_RSCTMP: rscTmp(),
          OCF_RESOURCE_INSTANCE: "vip",
          OCF_RESKEY_allocation_id: region.topology.eip.allocationId,
          OCF_RESKEY_CRM_meta_timeout: String(fault.code === -1 ? PATIENT_MS : TIMEOUT_MS),
          ...a.env,
        });
        region.proxy.setFaults([]);
        region.imds[a.node].setFault({ kind: "none" });
        // Assess: the answer
        const expected = fault.code === -1 ? a.healthy : fault.code;
        expect(run.code, run.stderr).toBe(expected);
        if (expected !== 0 && expected !== 7) expect(run.reason).toMatch(fault.reason);
        // Assess: the invariants
        const eip = await locate(
          region.truth,
          { allocationId: region.topology.eip.allocationId },
          { deadline: deadlineIn(5_000) },
        );
        expect(eip.allocationId).toBe(region.topology.eip.allocationId);
        const released = a.env?.OCF_RESKEY_CRM_meta_target_role === "Stopped" && expected === 0;
        if (!released) expect(eip.association?.instanceId).toBeDefined();
        const holder = expected === 0 ? a.holderAfter : "A";
        if (!released) expect(eip.association?.instanceId).toBe(region.topology.nodes[holder].instanceId);
        changed = released || holder !== "A" || (fault.ec2 ?? []).some((r) => r.fault.kind === "delay");
      });
});

// The recurring monitor (interval > 0) on a warm node: a probe has cached identity and the public IP.
describe("fault matrix: recurring monitor", () => {
  const RECURRING = { OCF_RESKEY_CRM_meta_interval: "10000" };

  async function warm(node: NodeName) {
    const env = {
      ...sim.region.env(`node${node}`, node),
      HA_RSCTMP: rscTmp(),
      OCF_RESOURCE_INSTANCE: "vip",
      OCF_RESKEY_allocation_id: sim.region.topology.eip.allocationId,
      OCF_RESKEY_CRM_meta_timeout: String(PATIENT_MS),
    };
    expect((await runAgent("monitor", env)).code).toBe(node === "A" ? 0 : 7);
    sim.region.proxy.log.clear();
    return (extra: Record<string, string> = {}) => runAgent("monitor", { ...env, ...RECURRING, ...extra });
  }
  const ec2Down: FaultRule[] = [{ action: "*", fault: { kind: "http", status: 503, code: "Unavailable" } }];

  it("EC2 down while held → 0 from IMDS, with no EC2 call", async () => {
    const monitor = await warm("A");
    sim.region.proxy.setFaults(ec2Down);
    const run = await monitor();
    expect(run.code, run.stderr).toBe(0);
    expect(sim.region.proxy.log.entries()).toHaveLength(0);
  });

  it("EC2 down while held, monapi → 0, and the log says the EC2 confirmation was skipped", async () => {
    const monitor = await warm("A");
    sim.region.proxy.setFaults(ec2Down);
    const run = await monitor({ OCF_RESKEY_monapi: "true", OCF_RESKEY_CRM_meta_timeout: String(TIMEOUT_MS) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/as IMDSv2 shows; EC2 confirmation skipped: .*Unavailable/);
  });

  it("EC2 down on a node that does not hold it → 1 (it cannot say 7 without EC2)", async () => {
    const monitor = await warm("B");
    sim.region.proxy.setFaults(ec2Down);
    const run = await monitor({ OCF_RESKEY_CRM_meta_timeout: String(TIMEOUT_MS) });
    expect(run.code).toBe(1);
    expect(run.reason).toMatch(/Unavailable/);
  });

  it.each([
    ["A", 0],
    ["B", 7],
  ] as const)("IMDS down → confirm with EC2: on %s, %i after one DescribeAddresses", async (node, code) => {
    const monitor = await warm(node);
    sim.region.imds[node].setFault({ kind: "down" });
    const run = await monitor();
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain("asked EC2: IMDSv2 did not answer");
    expect(sim.region.proxy.log.byAction()).toEqual({ DescribeAddresses: 1 });
  });
});
