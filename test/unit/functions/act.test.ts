import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../core/deadline.ts";
import type { MemberHealth } from "../../../core/types.ts";
import { type ClusterRound, failoverAddress, failoverCluster } from "../../../functions/act.ts";
import type { Cluster } from "../../../functions/cluster-schema.ts";
import type { Failure } from "../../../functions/decide.ts";
import type { Trace } from "../../../functions/trace.ts";
import type { Deps } from "../../../functions/types.ts";
import { ec2Error, type FakeAnswer, fakeEc2 } from "../../support/fake-ec2.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const ALLOC2 = "eipalloc-0123456789abcdef1";
const NOW = 1_000_000;
/** What a decision learns as it goes; these tests assert on outcomes, so each gets a fresh one. */
const trace = (): Trace => ({ graceMs: 0, steps: {} });
const onA = {
  AllocationId: ALLOC,
  PublicIp: "203.0.113.10",
  Domain: "vpc",
  AssociationId: "eipassoc-1",
  InstanceId: A,
};
const free = { AllocationId: ALLOC, PublicIp: "203.0.113.10", Domain: "vpc" };
const stopped: Failure = { instanceId: A, cause: "state-change", detail: "stopped", at: NOW };
const terminated: Failure = { ...stopped, detail: "terminated" };
const web = (over: Partial<Cluster> = {}): Cluster => ({
  name: "web",
  addresses: [{ allocationId: ALLOC }],
  routes: [],
  members: [{ instanceId: A }, { instanceId: B }],
  fencing: "none",
  graceSeconds: 0,
  ...over,
});
const health = (id: string, state: MemberHealth["state"], statusOk = true): MemberHealth => ({
  instanceId: id,
  state,
  availabilityZone: id === A ? "ap-northeast-1a" : "ap-northeast-1c",
  statusOk,
});
const status = (id: string, state: string, ok = "ok") => ({
  InstanceId: id,
  AvailabilityZone: "ap-northeast-1a",
  InstanceState: { Name: state },
  InstanceStatus: { Status: ok },
  SystemStatus: { Status: ok },
});

/** Deps over a fake EC2 and a fixed clock, logging into `logs`. */
function world(answers: Record<string, FakeAnswer>, dryRun = false) {
  const { ec2, calls } = fakeEc2(answers);
  const logs: { message: string; extra?: Record<string, unknown> }[] = [];
  const log = (message: string, extra?: Record<string, unknown>) => logs.push({ message, extra });
  const deps = {
    ec2,
    ssm: undefined,
    log: { debug: log, info: log, warn: log, error: log },
    metrics: { addMetric: () => {} },
    clock: () => NOW,
    sleep: async () => {},
    dryRun,
  } as unknown as Deps;
  return { deps, calls, logs };
}
const round = (over: Partial<ClusterRound> = {}): ClusterRound => ({
  cluster: web(),
  failure: stopped,
  fence: async () => {},
  health: async () => [health(A, "stopped", false), health(B, "running")],
  graceEnds: NOW,
  ...over,
});

describe("failoverAddress: the whole decision for one address", () => {
  it("an address off the failed member is skipped, with firstLook's reason, before asking for health", async () => {
    // Prepare
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [{ ...onA, InstanceId: B }] }) });
    let asked = 0;
    // Act
    const outcome = await failoverAddress(
      deps,
      round({ health: async () => [asked++] as never }),
      ALLOC,
      deadlineIn(5_000),
      trace(),
    );
    // Assess
    expect(outcome).toEqual({
      outcome: "skipped",
      reason: expect.stringContaining(`held by instance ${B}, not the failed ${A}`),
    });
    expect(asked).toBe(0);
  });

  it("inside the grace window it waits until the window ends, saying who holds what", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) });
    expect(
      await failoverAddress(deps, round({ graceEnds: NOW + 1 }), ALLOC, deadlineIn(5_000), trace()),
    ).toEqual({
      outcome: "waiting",
      until: NOW + 1,
      reason: `${A} still holds ${ALLOC}; Pacemaker has until the grace window ends`,
    });
  });

  it("the window's last millisecond has passed at its end: it plans the move (dry run)", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) }, true);
    expect(await failoverAddress(deps, round({ graceEnds: NOW }), ALLOC, deadlineIn(5_000), trace())).toEqual(
      {
        outcome: "planned",
        plan: [
          "DisassociateAddress eipassoc-1",
          `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
        ],
      },
    );
  });

  it("an orphan (terminated: EC2 detached it) does not wait for the window", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [free] }) }, true);
    const outcome = await failoverAddress(
      deps,
      round({ failure: terminated, graceEnds: NOW + 60_000, health: async () => [health(B, "running")] }),
      ALLOC,
      deadlineIn(5_000),
      trace(),
    );
    expect(outcome).toEqual({
      outcome: "planned",
      plan: [`AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`],
    });
  });

  it("a failed member that has recovered keeps its address, saying so", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) }, true);
    const outcome = await failoverAddress(
      deps,
      round({ health: async () => [health(A, "running"), health(B, "running")] }),
      ALLOC,
      deadlineIn(5_000),
      trace(),
    );
    expect(outcome).toEqual({
      outcome: "skipped",
      reason: `${A} has recovered since the event (stopped): now running, status checks ok`,
    });
  });

  it("no healthy member besides the failed one → no-standby, naming the cluster and the failed instance", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) }, true);
    const outcome = await failoverAddress(
      deps,
      round({ health: async () => [health(A, "stopped", false), health(B, "running", false)] }),
      ALLOC,
      deadlineIn(5_000),
      trace(),
    );
    expect(outcome).toEqual({
      outcome: "no-standby",
      reason: `no member of web is running with status checks ok besides ${A}`,
    });
  });

  it.each([
    ["the controller's DRY_RUN", true, undefined],
    ["the cluster's dryRun", false, true],
  ])(
    "%s plans only; fencing is planned only while the failed member is not down",
    async (_, dryRun, clusterDry) => {
      // Prepare
      const { deps, calls } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) }, dryRun);
      const cluster = web({ fencing: "stop", ...(clusterDry ? { dryRun: clusterDry } : {}) });
      // Act
      const running = await failoverAddress(
        deps,
        round({
          cluster,
          failure: { ...stopped, cause: "alarm", detail: "web-A" },
          health: async () => [health(A, "running", false), health(B, "running")],
        }),
        ALLOC,
        deadlineIn(5_000),
        trace(),
      );
      const down = await failoverAddress(deps, round({ cluster }), ALLOC, deadlineIn(5_000), trace());
      // Assess
      expect(running).toMatchObject({
        outcome: "planned",
        plan: [`StopInstances ${A} (SkipOsShutdown + Force)`, expect.any(String), expect.any(String)],
      });
      expect(down).toMatchObject({
        outcome: "planned",
        plan: [expect.stringMatching(/^DisassociateAddress/), expect.any(String)],
      });
      expect(calls.map((c) => c.action)).toEqual(["DescribeAddresses", "DescribeAddresses"]);
    },
  );
});

describe("failoverCluster: every address of one cluster, health asked and fencing done once", () => {
  it("asks the members' health once for all addresses, and reports each address of the cluster", async () => {
    // Prepare
    const { deps, calls } = world(
      {
        DescribeAddresses: (input) => ({
          Addresses: [{ ...onA, AllocationId: (input.AllocationIds as string[])[0] }],
        }),
        DescribeInstanceStatus: () => ({ InstanceStatuses: [status(A, "stopped"), status(B, "running")] }),
      },
      true,
    );
    const cluster = web({ addresses: [{ allocationId: ALLOC }, { allocationId: ALLOC2 }] });
    // Act
    const { reports, transient } = await failoverCluster(deps, cluster, stopped, deadlineIn(5_000));
    // Assess
    expect(reports.map((r) => [r.cluster, r.allocationId, r.result.outcome])).toEqual([
      ["web", ALLOC, "planned"],
      ["web", ALLOC2, "planned"],
    ]);
    expect(transient).toEqual([]);
    expect(calls.filter((c) => c.action === "DescribeInstanceStatus").map((c) => c.input)).toEqual([
      { InstanceIds: [A, B], IncludeAllInstances: true },
    ]);
  });

  it("the grace window ends graceSeconds after AWS's time of the failure", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) });
    const { reports } = await failoverCluster(
      deps,
      web({ graceSeconds: 30 }),
      { ...stopped, at: NOW - 10_000 },
      deadlineIn(5_000),
    );
    expect(reports[0]?.result).toMatchObject({ outcome: "waiting", until: NOW + 20_000 });
  });

  it.each([
    ["RequestLimitExceeded", 503, 0, "transient", "deadline", "0 ms left before DescribeAddresses", 1],
    ["UnauthorizedOperation", 403, 5_000, "permission", "permission", `allocation id ${ALLOC}`, 0],
  ] as const)(
    "%s becomes an error outcome; only a retryable one is handed back",
    async (code, http, ms, kind, reason, message, handedBack) => {
      // Prepare
      const error = ec2Error(code, http);
      const { deps } = world({
        DescribeAddresses: () => {
          throw error;
        },
      });
      // Act
      const { reports, transient } = await failoverCluster(deps, web(), stopped, deadlineIn(ms));
      // Assess
      expect(reports[0]?.result).toEqual({
        outcome: "error",
        kind,
        errorReason: reason,
        reason: expect.stringContaining(message),
      });
      expect(transient).toHaveLength(handedBack);
    },
  );

  it.each([
    [false, "SkipOsShutdown+Force"],
    [true, "Force"],
  ])(
    "fences the failed node once, logging how it was stopped (refuses SkipOsShutdown: %s)",
    async (refuse, how) => {
      // Prepare: a real run of one address, the failed member still running
      let stops = 0;
      const { deps, logs } = world({
        DescribeAddresses: () => ({ Addresses: [onA] }),
        DescribeInstanceStatus: () => ({
          InstanceStatuses: [status(A, "running", "impaired"), status(B, "running")],
        }),
        StopInstances: (input) => {
          stops++;
          if (refuse && input.SkipOsShutdown) throw ec2Error("UnknownParameter");
          return { StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping" } }] };
        },
        DisassociateAddress: () => ({}),
        AssociateAddress: () => ({ AssociationId: "eipassoc-2" }),
      });
      const alarm: Failure = { instanceId: A, cause: "alarm", detail: "web-A", at: NOW };
      // Act
      const { reports } = await failoverCluster(deps, web({ fencing: "stop" }), alarm, deadlineIn(5_000));
      // Assess
      expect(reports[0]?.result).toMatchObject({ outcome: "moved", to: B });
      expect(stops).toBe(refuse ? 2 : 1);
      expect(logs.find((l) => l.message === "fenced the failed instance")?.extra).toEqual({
        cluster: "web",
        instanceId: A,
        state: "stopping",
        stop: how,
      });
    },
  );
});
