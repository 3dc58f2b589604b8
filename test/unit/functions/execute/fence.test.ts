import { EC2Client, EC2ServiceException, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { classify, deadlineIn } from "../../../../core/index.ts";
import { fenceByStop, refusesSkipOsShutdown } from "../../../../functions/execute/fence.ts";

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
