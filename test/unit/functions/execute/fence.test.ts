import {
  DescribeInstanceStatusCommand,
  EC2Client,
  EC2ServiceException,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { classify, deadlineIn } from "../../../../core/index.ts";
import {
  AFTER_STOP_RESERVE_MS,
  awaitStopped,
  fenceByStop,
  refusesSkipOsShutdown,
  STOPPED_POLL_MS,
} from "../../../../functions/execute/fence.ts";

const ID = "i-0123456789abcdef0";
const ec2Mock = mockClient(EC2Client);
// The unit project shares one module graph per worker (isolate: false): put the SDK's send back for the next file.
afterAll(() => ec2Mock.restore());
const ec2 = new EC2Client({ region: "ap-northeast-1" });
const stopping = { StoppingInstances: [{ InstanceId: ID, CurrentState: { Name: "stopping" as const } }] };
const ec2Error = (name: string, status = 400) =>
  new EC2ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status }, message: name });
const sent = () => ec2Mock.commandCalls(StopInstancesCommand).map((c) => c.args[0].input);
const options = () => ({ deadline: deadlineIn(10_000) });

describe("fenceByStop", () => {
  beforeEach(() => ec2Mock.reset());

  it("stops with SkipOsShutdown and Force, in one call, when EC2 takes both", async () => {
    ec2Mock.on(StopInstancesCommand).resolves(stopping);
    expect(await fenceByStop(ec2, ID, options())).toEqual({ state: "stopping", mode: "skip-os-shutdown" });
    expect(sent()).toEqual([{ InstanceIds: [ID], Force: true, SkipOsShutdown: true }]);
  });

  it("says the state EC2 found the instance in: already stopping means someone stopped it first", async () => {
    const answer = (previous: "running" | "stopping") => ({
      StoppingInstances: [
        { InstanceId: ID, CurrentState: { Name: "stopping" as const }, PreviousState: { Name: previous } },
      ],
    });
    ec2Mock.on(StopInstancesCommand).resolvesOnce(answer("running")).resolvesOnce(answer("stopping"));
    expect(await fenceByStop(ec2, ID, options())).toMatchObject({ state: "stopping", previous: "running" });
    expect(await fenceByStop(ec2, ID, options())).toMatchObject({ state: "stopping", previous: "stopping" });
  });

  it.each(["UnknownParameter", "UnsupportedOperation"])(
    "falls back to Force alone when EC2 refuses SkipOsShutdown with %s",
    async (code) => {
      // an API that predates the parameter refuses any request carrying it
      ec2Mock.on(StopInstancesCommand).callsFake(async (input: { SkipOsShutdown?: boolean }) => {
        if (input.SkipOsShutdown !== undefined) throw ec2Error(code);
        return stopping;
      });
      expect(await fenceByStop(ec2, ID, options())).toEqual({ state: "stopping", mode: "force" });
      expect(sent()).toEqual([
        { InstanceIds: [ID], Force: true, SkipOsShutdown: true },
        { InstanceIds: [ID], Force: true },
      ]);
    },
  );

  it.each([
    ["UnauthorizedOperation", "PermissionError"],
    ["InvalidInstanceID.NotFound", "ConfigurationError"],
    ["InvalidParameterValue", "ConfigurationError"],
  ])("does not fall back on %s: that is no answer about the parameter", async (code, kind) => {
    ec2Mock.on(StopInstancesCommand).rejects(ec2Error(code));
    await expect(fenceByStop(ec2, ID, options())).rejects.toMatchObject({ name: kind });
    expect(sent()).toHaveLength(1);
  });

  it("says the stop is not confirmed when EC2 leaves the instance running", async () => {
    ec2Mock
      .on(StopInstancesCommand)
      .resolves({ StoppingInstances: [{ InstanceId: ID, CurrentState: { Name: "running" } }] });
    await expect(fenceByStop(ec2, ID, options())).rejects.toThrow(
      `fencing not confirmed: StopInstances left ${ID} in state 'running'`,
    );
  });
});

describe("refusesSkipOsShutdown", () => {
  it("decides by core's reason: rejected, and nothing else", () => {
    expect(refusesSkipOsShutdown(classify(ec2Error("UnknownParameter")))).toBe(true);
    expect(refusesSkipOsShutdown(classify(ec2Error("InvalidInstanceID.Malformed")))).toBe(false);
    expect(refusesSkipOsShutdown(classify(ec2Error("RequestLimitExceeded", 503)))).toBe(false);
    // unclassified, it is no answer at all
    expect(refusesSkipOsShutdown(ec2Error("UnknownParameter"))).toBe(false);
  });
});

describe("fenceByStop: an answer that confirms nothing", () => {
  beforeEach(() => ec2Mock.reset());

  it.each([
    [{}, "unknown"],
    [
      {
        StoppingInstances: [
          { InstanceId: "i-0ffffffffffffffff", CurrentState: { Name: "stopping" as const } },
        ],
      },
      "unknown",
    ],
    [{ StoppingInstances: [{ InstanceId: ID }] }, "unknown"],
  ])("%j: not confirmed, state %s, reason rejected, naming the instance", async (answer, state) => {
    // Prepare
    ec2Mock.on(StopInstancesCommand).resolves(answer);
    // Act
    const error = await fenceByStop(ec2, ID, options()).catch((e) => e);
    // Assess
    expect(error.message).toBe(`fencing not confirmed: StopInstances left ${ID} in state '${state}'`);
    expect(error.reason).toBe("rejected");
    expect(error.context).toEqual({ action: "StopInstances", instanceId: ID });
  });

  it("a refused Force-alone retry stands as that error", async () => {
    ec2Mock.on(StopInstancesCommand).rejects(ec2Error("UnknownParameter"));
    const error = await fenceByStop(ec2, ID, options()).catch((e) => e);
    expect(error.reason).toBe("rejected");
    expect(error.context).toMatchObject({
      action: "StopInstances",
      instanceId: ID,
      code: "UnknownParameter",
    });
    expect(sent()).toEqual([
      { InstanceIds: [ID], Force: true, SkipOsShutdown: true },
      { InstanceIds: [ID], Force: true },
    ]);
  });
});

describe("awaitStopped: reads until the fenced instance is stopped, inside the deadline less the reserve", () => {
  beforeEach(() => ec2Mock.reset());
  const status = (name: "running" | "stopping" | "stopped") => ({
    InstanceStatuses: [{ InstanceId: ID, InstanceState: { Name: name } }],
  });
  /** A clock that only the waits between reads move (the reads themselves take no time). */
  const clocked = (budgetMs: number) => {
    let now = 0;
    const slept: number[] = [];
    const clock = () => now;
    const sleep = async (ms: number) => {
      slept.push(ms);
      now += ms;
    };
    return { options: { deadline: deadlineIn(budgetMs, clock), sleep }, slept };
  };

  it("a read that lags the stop (still running) and one that says stopping are read again; stopped ends it", async () => {
    // Prepare
    ec2Mock
      .on(DescribeInstanceStatusCommand)
      .resolvesOnce(status("running"))
      .resolvesOnce(status("stopping"))
      .resolves(status("stopped"));
    const { options, slept } = clocked(60_000);
    // Act
    const state = await awaitStopped(ec2, ID, options);
    // Assess
    expect(state).toBe("stopped");
    expect(slept).toEqual([STOPPED_POLL_MS, STOPPED_POLL_MS]);
    expect(ec2Mock.commandCalls(DescribeInstanceStatusCommand)[0]?.args[0].input).toEqual({
      InstanceIds: [ID],
      IncludeAllInstances: true,
    });
  });

  it("an instance EC2 no longer reports cannot answer either: the wait ends", async () => {
    ec2Mock.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [] });
    expect(await awaitStopped(ec2, ID, clocked(60_000).options)).toBe("gone");
  });

  it("when the deadline less the reserve comes first: a transient deadline error, so the queue retries", async () => {
    // Prepare: 5 s of waiting left once the reserve is kept for the moves and the start
    ec2Mock.on(DescribeInstanceStatusCommand).resolves(status("stopping"));
    const { options, slept } = clocked(AFTER_STOP_RESERVE_MS + 5 * STOPPED_POLL_MS);
    // Act
    const error = await awaitStopped(ec2, ID, options).catch((e) => e);
    // Assess
    expect(error).toMatchObject({ name: "TransientError", reason: "deadline" });
    expect(error.message).toBe(
      `fencing not confirmed in time: ${ID} is still stopping, not stopped, with ${AFTER_STOP_RESERVE_MS + STOPPED_POLL_MS} ms of the invocation left (nothing moves before it is stopped; the queue retries)`,
    );
    expect(slept).toEqual([STOPPED_POLL_MS, STOPPED_POLL_MS, STOPPED_POLL_MS, STOPPED_POLL_MS]);
  });
});
