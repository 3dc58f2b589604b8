import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../core/deadline.ts";
import { failoverCluster } from "../../../functions/cluster-round.ts";
import type { Cluster } from "../../../functions/clusters/schema.ts";
import { AFTER_STOP_RESERVE_MS } from "../../../functions/execute/fence.ts";
import type { Deps, Failure } from "../../../functions/types.ts";
import { ec2Error, type FakeAnswer, fakeEc2 } from "../../support/fake-ec2.ts";

const A = "i-0aaaaaaaaaaaaaaa1";
const B = "i-0bbbbbbbbbbbbbbb1";
const ALLOC = "eipalloc-0123456789abcdef0";
const ALLOC2 = "eipalloc-0123456789abcdef1";
const NOW = 1_000_000;
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
/** Health as DescribeInstanceStatus answers it: A stopped, B running with checks ok, unless told. */
const members =
  (a = status(A, "stopped", "impaired"), b = status(B, "running")): FakeAnswer =>
  () => ({ InstanceStatuses: [a, b] });

describe("failoverCluster: the whole decision for one address", () => {
  it("an address off the failed member is skipped, with firstLook's reason, before asking for health", async () => {
    // Prepare
    const { deps, calls } = world({ DescribeAddresses: () => ({ Addresses: [{ ...onA, InstanceId: B }] }) });
    // Act
    const { reports } = await failoverCluster(deps, web(), stopped, deadlineIn(5_000));
    // Assess
    expect(reports[0]?.result).toEqual({
      outcome: "skipped",
      reason: expect.stringContaining(`held by instance ${B}, not the failed ${A}`),
    });
    expect(calls.map((c) => c.action)).toEqual(["DescribeAddresses"]);
  });

  it("inside the grace window it waits until the window ends, saying who holds what", async () => {
    const { deps } = world({ DescribeAddresses: () => ({ Addresses: [onA] }) });
    const { reports } = await failoverCluster(
      deps,
      web({ graceSeconds: 1 }),
      { ...stopped, at: NOW - 999 },
      deadlineIn(5_000),
    );
    expect(reports[0]?.result).toEqual({
      outcome: "waiting",
      until: NOW + 1,
      reason: `${A} still holds ${ALLOC}; Pacemaker has until the grace window ends`,
    });
  });

  it("the window's last millisecond has passed at its end: it plans the move (dry run)", async () => {
    const { deps } = world(
      { DescribeAddresses: () => ({ Addresses: [onA] }), DescribeInstanceStatus: members() },
      true,
    );
    const { reports } = await failoverCluster(
      deps,
      web({ graceSeconds: 1 }),
      { ...stopped, at: NOW - 1_000 },
      deadlineIn(5_000),
    );
    expect(reports[0]?.result).toEqual({
      outcome: "planned",
      plan: [
        "DisassociateAddress eipassoc-1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
      ],
    });
    expect(reports[0]?.timings.graceMs).toBe(1_000);
  });

  it("a paused cluster plans as usual and carries out nothing: outcome paused, with the plan it skipped", async () => {
    // Prepare
    const since = "2026-12-06T15:00:00.000Z";
    const { deps, calls } = world({
      DescribeAddresses: () => ({ Addresses: [onA] }),
      DescribeInstanceStatus: members(),
    });
    // Act
    const { reports } = await failoverCluster(
      deps,
      web({ fencing: "stop", paused: { since } }),
      stopped,
      deadlineIn(5_000),
    );
    // Assess
    expect(reports[0]?.result).toEqual({
      outcome: "paused",
      since,
      plan: [
        "DisassociateAddress eipassoc-1",
        `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
      ],
    });
    expect(calls.map((c) => c.action).filter((a) => !a.startsWith("Describe"))).toEqual([]);
  });

  it("an orphan (terminated: EC2 detached it) does not wait for the window, and reports no grace held", async () => {
    const { deps } = world(
      {
        DescribeAddresses: () => ({ Addresses: [free] }),
        DescribeInstanceStatus: () => ({ InstanceStatuses: [status(B, "running")] }),
      },
      true,
    );
    const { reports } = await failoverCluster(deps, web({ graceSeconds: 60 }), terminated, deadlineIn(5_000));
    expect(reports[0]?.result).toEqual({
      outcome: "planned",
      plan: [`AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`],
    });
    expect(reports[0]?.timings.graceMs).toBe(0);
  });

  it("a failed member that has recovered keeps its address, saying so", async () => {
    const { deps } = world(
      {
        DescribeAddresses: () => ({ Addresses: [onA] }),
        DescribeInstanceStatus: members(status(A, "running")),
      },
      true,
    );
    const { reports } = await failoverCluster(deps, web(), stopped, deadlineIn(5_000));
    expect(reports[0]?.result).toEqual({
      outcome: "skipped",
      reason: `${A} has recovered since the event (stopped): now running, status checks ok`,
    });
  });

  it("no healthy member besides the failed one → no-standby, naming the cluster and the failed instance", async () => {
    const { deps } = world(
      {
        DescribeAddresses: () => ({ Addresses: [onA] }),
        DescribeInstanceStatus: members(undefined, status(B, "running", "impaired")),
      },
      true,
    );
    const { reports } = await failoverCluster(deps, web(), stopped, deadlineIn(5_000));
    expect(reports[0]?.result).toEqual({
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
      const cluster = web({ fencing: "stop", ...(clusterDry ? { dryRun: clusterDry } : {}) });
      const running = world(
        {
          DescribeAddresses: () => ({ Addresses: [onA] }),
          DescribeInstanceStatus: members(status(A, "running", "impaired")),
        },
        dryRun,
      );
      const down = world(
        { DescribeAddresses: () => ({ Addresses: [onA] }), DescribeInstanceStatus: members() },
        dryRun,
      );
      const alarm: Failure = { ...stopped, cause: "alarm", detail: "web-A" };
      // Act
      const whileRunning = await failoverCluster(running.deps, cluster, alarm, deadlineIn(5_000));
      const whileDown = await failoverCluster(down.deps, cluster, stopped, deadlineIn(5_000));
      // Assess
      expect(whileRunning.reports[0]?.result).toMatchObject({
        outcome: "planned",
        plan: [`StopInstances ${A} (SkipOsShutdown + Force)`, expect.any(String), expect.any(String)],
      });
      expect(whileDown.reports[0]?.result).toMatchObject({
        outcome: "planned",
        plan: [expect.stringMatching(/^DisassociateAddress/), expect.any(String)],
      });
      for (const { calls } of [running, down])
        expect(calls.map((c) => c.action)).toEqual(["DescribeAddresses", "DescribeInstanceStatus"]);
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

  it("health that may not be asked is every item's error, not retried; nothing moves", async () => {
    // Prepare: two addresses on the failed member, and DescribeInstanceStatus refused
    const refused = ec2Error("UnauthorizedOperation", 403);
    const { deps, calls } = world({
      DescribeAddresses: (input) => ({
        Addresses: [{ ...onA, AllocationId: (input.AllocationIds as string[])[0] }],
      }),
      DescribeInstanceStatus: () => {
        throw refused;
      },
    });
    const cluster = web({ addresses: [{ allocationId: ALLOC }, { allocationId: ALLOC2 }] });
    // Act
    const { reports, transient } = await failoverCluster(deps, cluster, stopped, deadlineIn(5_000));
    // Assess
    for (const report of reports)
      expect(report.result).toEqual({
        outcome: "error",
        kind: "permission",
        errorReason: "permission",
        reason: expect.stringContaining("UnauthorizedOperation"),
      });
    expect(reports).toHaveLength(2);
    expect(transient).toEqual([]);
    expect(calls.map((c) => c.action)).not.toContain("AssociateAddress");
  });

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

describe("failoverCluster: fencing 'reboot' stops, waits until stopped, moves, then starts the member", () => {
  const alarm: Failure = { instanceId: A, cause: "alarm", detail: "web-A", at: NOW };
  /** The world of a status-check failure of A (still running): A reads `states` in turn, then `stopped`. */
  const rebootWorld = (states: string[], over: Record<string, FakeAnswer> = {}) => {
    const reads = [...states];
    const made = world({
      DescribeAddresses: () => ({ Addresses: [onA] }),
      DescribeInstanceStatus: () => ({
        InstanceStatuses: [status(A, reads.shift() ?? "stopped", "impaired"), status(B, "running")],
      }),
      StopInstances: () => ({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping" } }] }),
      DisassociateAddress: () => ({}),
      AssociateAddress: () => ({ AssociationId: "eipassoc-2" }),
      StartInstances: () => ({ StartingInstances: [{ InstanceId: A, CurrentState: { Name: "pending" } }] }),
      ...over,
    });
    // the waits move the decisions' clock, as real ones would
    let now = NOW;
    const sleep = async (ms: number) => {
      now += ms;
    };
    const deps = { ...made.deps, clock: () => now, sleep };
    return { ...made, deps, deadline: (ms: number) => deadlineIn(ms, () => now) };
  };

  it("nothing moves before a read says stopped; the start comes after the move, and the report says so", async () => {
    // Prepare: the round's look sees A running; after the stop, one read that lags (running), one stopping
    const { deps, calls, deadline } = rebootWorld(["running", "running", "stopping"]);
    // Act
    const { reports, transient } = await failoverCluster(
      deps,
      web({ fencing: "reboot" }),
      alarm,
      deadline(50_000),
    );
    // Assess
    expect(calls.map((c) => c.action)).toEqual([
      "DescribeAddresses",
      "DescribeInstanceStatus",
      "StopInstances",
      "DescribeInstanceStatus",
      "DescribeInstanceStatus",
      "DescribeInstanceStatus",
      "DisassociateAddress",
      "AssociateAddress",
      "StartInstances",
    ]);
    expect(calls.at(-1)?.input).toEqual({ InstanceIds: [A] });
    expect(transient).toEqual([]);
    expect(reports[0]?.result).toEqual({
      outcome: "moved",
      from: A,
      to: B,
      restart: { instanceId: A, state: "pending" },
    });
    expect(reports[0]?.timings.fenceMs).toBe(2_000);
    expect(reports[0]?.timings.startMs).toBe(0);
  });

  it("a stop that outlasts the invocation moves nothing and starts nothing: a deadline error the queue retries", async () => {
    // Prepare: A stays stopping; 3 s of waiting besides the reserve kept for the move and the start
    const { deps, calls, deadline } = rebootWorld(Array(100).fill("stopping"));
    // Act
    const { reports, transient } = await failoverCluster(
      deps,
      web({ fencing: "reboot" }),
      alarm,
      deadline(AFTER_STOP_RESERVE_MS + 3_000),
    );
    // Assess
    expect(reports[0]?.result).toMatchObject({ outcome: "error", errorReason: "deadline" });
    expect(transient).toHaveLength(1);
    const actions = calls.map((c) => c.action);
    expect(actions).not.toContain("DisassociateAddress");
    expect(actions).not.toContain("AssociateAddress");
    expect(actions).not.toContain("StartInstances");
  });

  it("the queue's retry finds A stopping: it stops it again (EC2's answer confirms), waits, moves and starts it", async () => {
    // Prepare: the look reads A stopping (the first attempt's stop), then stopped
    const { deps, calls, deadline } = rebootWorld(["stopping", "stopped"]);
    // Act
    const { reports } = await failoverCluster(deps, web({ fencing: "reboot" }), alarm, deadline(50_000));
    // Assess
    expect(calls.map((c) => c.action)).toEqual([
      "DescribeAddresses",
      "DescribeInstanceStatus",
      "StopInstances",
      "DescribeInstanceStatus",
      "DisassociateAddress",
      "AssociateAddress",
      "StartInstances",
    ]);
    expect(reports[0]?.result).toMatchObject({
      outcome: "moved",
      restart: { instanceId: A, state: "pending" },
    });
  });

  it("a start EC2 refuses leaves the move standing, and the report says why A stays stopped", async () => {
    const { deps, logs, deadline } = rebootWorld(["running"], {
      StartInstances: () => {
        throw ec2Error("InsufficientInstanceCapacity");
      },
    });
    const { reports, transient } = await failoverCluster(
      deps,
      web({ fencing: "reboot" }),
      alarm,
      deadline(50_000),
    );
    expect(reports[0]?.result).toMatchObject({
      outcome: "moved",
      to: B,
      restart: { instanceId: A, failed: expect.stringContaining("InsufficientInstanceCapacity") },
    });
    expect(transient).toEqual([]);
    expect(logs.map((l) => l.message)).toContain("starting the fenced instance failed: it stays stopped");
  });

  it("an item left to the queue's retry leaves A stopped: the retry moves it, then starts A", async () => {
    // Prepare: the association is throttled until the deadline
    const { deps, calls, deadline } = rebootWorld(["running"], {
      AssociateAddress: () => {
        throw ec2Error("RequestLimitExceeded", 503);
      },
    });
    // Act
    const { reports, transient } = await failoverCluster(
      deps,
      web({ fencing: "reboot" }),
      alarm,
      deadline(50_000),
    );
    // Assess
    expect(reports[0]?.result).toMatchObject({ outcome: "error" });
    expect(transient).toHaveLength(1);
    expect(calls.map((c) => c.action)).not.toContain("StartInstances");
  });
});

// docs/fencing.md, "Decision": EC2's own recovery (simplified automatic recovery, a `recover` alarm action) is not
// waited for. Once the grace window has passed, a member whose status check still fails is fenced per `fencing`,
// whatever EC2 may be doing about it; a recovery that finished inside the window leaves nothing to do.
describe("failoverCluster: EC2's own recovery is not waited for (docs/fencing.md, Decision)", () => {
  const alarm: Failure = { instanceId: A, cause: "alarm", detail: "web-A", at: NOW - 30_000 };
  const fenceAndMove = (fencing: "stop" | "reboot") => [
    `StopInstances ${A} (SkipOsShutdown + Force)`,
    ...(fencing === "reboot" ? [`DescribeInstanceStatus ${A} until stopped (nothing moves before)`] : []),
    "DisassociateAddress eipassoc-1",
    `AssociateAddress ${ALLOC} → instance ${B} (AllowReassociation=false)`,
    ...(fencing === "reboot"
      ? [`StartInstances ${A} (it boots and rejoins as the standby, taking nothing)`]
      : []),
  ];
  it.each([
    ["recovery pending (running, checks failing)", "running", "impaired", "reboot", fenceAndMove("reboot")],
    ["recovery's reboot under way (pending)", "pending", "initializing", "reboot", fenceAndMove("reboot")],
    ["recovery pending, fencing stop", "running", "impaired", "stop", fenceAndMove("stop")],
    [
      "recovery pending, fencing none: moved unfenced",
      "running",
      "impaired",
      "none",
      fenceAndMove("stop").slice(1),
    ],
  ] as const)("%s, grace over → fenced per fencing, then moved", async (_, state, checks, fencing, plan) => {
    // Prepare
    const { deps } = world(
      {
        DescribeAddresses: () => ({ Addresses: [onA] }),
        DescribeInstanceStatus: members(status(A, state, checks)),
      },
      true,
    );
    // Act
    const { reports } = await failoverCluster(
      deps,
      web({ fencing, graceSeconds: 30 }),
      alarm,
      deadlineIn(5_000),
    );
    // Assess
    expect(reports[0]?.result).toEqual({ outcome: "planned", plan });
  });

  it("recovered inside the grace window (running, checks ok): no fence, no move", async () => {
    const { deps, calls } = world(
      {
        DescribeAddresses: () => ({ Addresses: [onA] }),
        DescribeInstanceStatus: members(status(A, "running")),
      },
      false,
    );
    const { reports } = await failoverCluster(
      deps,
      web({ fencing: "reboot", graceSeconds: 30 }),
      alarm,
      deadlineIn(5_000),
    );
    expect(reports[0]?.result).toMatchObject({ outcome: "skipped" });
    expect(calls.map((c) => c.action).filter((a) => !a.startsWith("Describe"))).toEqual([]);
  });
});

describe("failoverCluster: a cluster's addresses and routes move as one set", () => {
  const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
  const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
  const ENI_X = "eni-0ccccccccccccccc1";
  const DEST = "192.168.100.10/32";
  const RTB = ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0bbbbbbbbbbbbbbb1"];
  const overlay = (over: Partial<Cluster> = {}) =>
    web({
      routes: [{ destination: DEST, routeTableIds: RTB }],
      members: [
        { instanceId: A, networkInterfaceId: ENI_A },
        { instanceId: B, networkInterfaceId: ENI_B },
      ],
      ...over,
    });
  /** DescribeRouteTables over `where` (table → the interface it routes DEST to; undefined: no route). */
  const tables =
    (where: () => Record<string, string | undefined>): FakeAnswer =>
    (input) => {
      const now = where();
      return {
        RouteTables: (input.RouteTableIds as string[]).map((id) => {
          const eni = now[id];
          return {
            RouteTableId: id,
            Routes: eni ? [{ DestinationCidrBlock: DEST, NetworkInterfaceId: eni, State: "active" }] : [],
          };
        }),
      };
    };
  /** A world whose route tables change when ReplaceRoute or CreateRoute lands, and whose SSM answers. */
  function overlayWorld(
    start: Record<string, string | undefined>,
    extra: (routes: Record<string, string | undefined>) => Record<string, FakeAnswer> = () => ({}),
  ) {
    const routes = { ...start };
    const land: FakeAnswer = (input) => {
      routes[input.RouteTableId as string] = input.NetworkInterfaceId as string;
      return {};
    };
    const w = world({
      DescribeAddresses: () => ({ Addresses: [onA] }),
      DescribeInstanceStatus: members(status(A, "running", "impaired")),
      DescribeRouteTables: tables(() => routes),
      StopInstances: () => ({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "stopping" } }] }),
      DisassociateAddress: () => ({}),
      AssociateAddress: () => ({ AssociationId: "eipassoc-2" }),
      ReplaceRoute: land,
      CreateRoute: land,
      ...extra(routes),
    });
    const commands: unknown[] = [];
    Object.assign(w.deps, {
      ssm: {
        send: async (c: { input: unknown }) => {
          commands.push(c.input);
          return { Command: { CommandId: "cmd-1" } };
        },
      },
    });
    return { ...w, routes, commands };
  }
  const alarm: Failure = { instanceId: A, cause: "alarm", detail: "web-A", at: NOW };
  const pacemaker = { reconcileCommand: "crm_resource --refresh" };

  it("moves the address and the route in both tables to B: one fence, one standby, one reconciliation", async () => {
    // Prepare
    const { deps, calls, routes, commands } = overlayWorld({
      [RTB[0] as string]: ENI_A,
      [RTB[1] as string]: ENI_A,
    });
    // Act
    const result = await failoverCluster(
      deps,
      overlay({ fencing: "stop", pacemaker }),
      alarm,
      deadlineIn(5_000),
    );
    // Assess
    expect(result.reports[0]?.result).toEqual({ outcome: "moved", from: A, to: B, commandId: "cmd-1" });
    expect(result.routes).toEqual([
      {
        cluster: "web",
        destination: DEST,
        routeTableIds: RTB,
        from: A,
        to: B,
        tables: RTB.map((routeTableId) => ({
          routeTableId,
          seen: `network interface ${ENI_A}`,
          done: "replaced",
        })),
        timings: expect.objectContaining({ fenceMs: 0, moveMs: 0, reconcileMs: 0 }),
        result: { outcome: "moved", from: A, to: B, commandId: "cmd-1" },
      },
    ]);
    expect(routes).toEqual({ [RTB[0] as string]: ENI_B, [RTB[1] as string]: ENI_B });
    expect(calls.filter((c) => c.action === "StopInstances")).toHaveLength(1);
    expect(calls.filter((c) => c.action === "DescribeInstanceStatus")).toHaveLength(1);
    expect(commands).toHaveLength(1);
    expect(result.transient).toEqual([]);
  });

  it("a table someone else pointed elsewhere after the look is a conflict, not fought; the rest moves", async () => {
    // Prepare: the first read sees both on A; by the re-read just before acting, rtb-b goes to X
    let reads = 0;
    const seen = { [RTB[0] as string]: ENI_A, [RTB[1] as string]: ENI_A };
    const { deps, calls } = overlayWorld(seen, (routes) => ({
      DescribeRouteTables: tables(() => (reads++ === 0 ? seen : { ...routes, [RTB[1] as string]: ENI_X })),
    }));
    // Act
    const result = await failoverCluster(deps, overlay(), alarm, deadlineIn(5_000));
    // Assess
    expect(result.routes[0]?.result).toEqual({
      outcome: "conflict",
      holder: `${RTB[1]} → network interface ${ENI_X}`,
    });
    expect(result.routes[0]?.tables?.map((t) => [t.done, t.now])).toEqual([
      ["replaced", undefined],
      ["conflict", `network interface ${ENI_X}`],
    ]);
    expect(calls.filter((c) => c.action === "ReplaceRoute").map((c) => c.input.RouteTableId)).toEqual([
      RTB[0],
    ]);
    expect(result.reports[0]?.result).toMatchObject({ outcome: "moved", to: B });
  });

  it("a route-only cluster plans (dry run) ReplaceRoute where A held it and CreateRoute where none was, changing nothing", async () => {
    const { deps, calls } = overlayWorld({ [RTB[0] as string]: ENI_A });
    Object.assign(deps, { dryRun: true });
    const result = await failoverCluster(
      deps,
      overlay({ addresses: [], pacemaker }),
      alarm,
      deadlineIn(5_000),
    );
    expect(result.reports).toEqual([]);
    expect(result.routes[0]?.result).toEqual({
      outcome: "planned",
      plan: [
        `ReplaceRoute ${RTB[0]} ${DEST} → ${ENI_B}`,
        `CreateRoute ${RTB[1]} ${DEST} → ${ENI_B}`,
        `SSM AWS-RunShellScript on ${B}: sleep 3; for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do s=$(crm_mon -1 --output-as=xml 2>/dev/null); dc=$(echo "$s" | sed -n 's/.*<current_dc present="true".* name="\\([^"]*\\)".*/\\1/p'); if echo "$s" | grep -q 'unclean="true"' || ! timeout 5 crmadmin -q -S "$dc" 2>/dev/null | grep -q S_IDLE; then :; elif echo "$s" | grep -q 'online="false"' || [ "$try" -gt 12 ]; then crm_resource --refresh && exit 0; fi; sleep 5; done; exit 1`,
      ],
    });
    expect(calls.map((c) => c.action)).toEqual(["DescribeRouteTables", "DescribeInstanceStatus"]);
  });

  it("inside the grace window the address and the route wait together, each saying why", async () => {
    const { deps } = overlayWorld({ [RTB[0] as string]: ENI_A });
    const result = await failoverCluster(deps, overlay({ graceSeconds: 30 }), stopped, deadlineIn(5_000));
    expect(result.reports[0]?.result).toMatchObject({ outcome: "waiting", until: NOW + 30_000 });
    expect(result.routes[0]?.result).toEqual({
      outcome: "waiting",
      until: NOW + 30_000,
      reason: `${A} still holds ${DEST} in ${RTB[0]}; Pacemaker has until the grace window ends`,
    });
  });

  it("a route elsewhere everywhere is skipped, and missing tables are left alone when nothing of the set moves", async () => {
    const { deps, calls } = overlayWorld({ [RTB[0] as string]: ENI_B }, () => ({
      DescribeAddresses: () => ({ Addresses: [{ ...onA, InstanceId: B }] }),
    }));
    const result = await failoverCluster(deps, overlay(), stopped, deadlineIn(5_000));
    expect(result.routes[0]?.result).toEqual({
      outcome: "skipped",
      reason: `${DEST} has no route in ${RTB[1]}, and nothing of web is held by the failed ${A}: left for Pacemaker or an operator`,
    });
    expect(calls.map((c) => c.action)).toEqual(["DescribeAddresses", "DescribeRouteTables"]);
  });

  it("a route that cannot be read is an error of its own; the address still moves", async () => {
    const { deps } = overlayWorld({}, () => ({
      DescribeRouteTables: () => {
        throw ec2Error("InvalidRouteTableID.NotFound");
      },
    }));
    const result = await failoverCluster(deps, overlay(), alarm, deadlineIn(5_000));
    expect(result.routes[0]?.result).toMatchObject({ outcome: "error", errorReason: "not-found" });
    expect(result.routes[0]?.tables).toBeUndefined();
    expect(result.reports[0]?.result).toMatchObject({ outcome: "moved", to: B });
  });

  it("a fence that fails stops the whole set: every item is fencing-failed, nothing moved", async () => {
    const { deps, calls } = overlayWorld({ [RTB[0] as string]: ENI_A }, () => ({
      StopInstances: () => ({ StoppingInstances: [{ InstanceId: A, CurrentState: { Name: "running" } }] }),
    }));
    const result = await failoverCluster(deps, overlay({ fencing: "stop" }), alarm, deadlineIn(5_000));
    expect([...result.reports, ...result.routes].map((r) => r.result.outcome)).toEqual([
      "fencing-failed",
      "fencing-failed",
    ]);
    expect(calls.some((c) => ["AssociateAddress", "ReplaceRoute", "CreateRoute"].includes(c.action))).toBe(
      false,
    );
  });
});
