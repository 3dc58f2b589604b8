import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  EC2Client,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_BUCKETS, TokenBucket, TransientError } from "../../../core/index.ts";
import { CONTROLLER_BUCKETS, controllerPace, paceEc2 } from "../../../functions/pace.ts";
import { awsError } from "../../support/aws-error.ts";

/** A clock that moves only when a test (or a paced caller's sleep) moves it. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("TokenBucket.reserve: turns at the refill rate, on an injected clock", () => {
  it("hands out the burst at once, then one turn per 1/refill seconds, in order", () => {
    // Prepare
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, clock.now);
    // Act
    const waits = Array.from({ length: 6 }, () => bucket.reserve());
    // Assess: 3 now, then 500 ms apart
    expect(waits).toEqual([0, 0, 0, 500, 1_000, 1_500]);
  });

  it("refills with time, never beyond its capacity", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 5 }, clock.now);
    bucket.reserve();
    bucket.reserve();
    clock.advance(60_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 200]);
  });

  it("gives a cancelled turn to the next caller", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, clock.now);
    bucket.reserve();
    expect(bucket.reserve()).toBe(1_000);
    bucket.cancel();
    expect(bucket.reserve()).toBe(1_000);
  });

  it("over any window, lets through at most capacity + refill × seconds", () => {
    // Prepare: callers that use their turn when told, over 60 s of fake time
    const clock = fakeClock();
    const spec = DOCUMENTED_BUCKETS.mutating;
    const bucket = new TokenBucket(spec, clock.now);
    const starts: number[] = [];
    // Act: 400 callers arrive at once
    for (let i = 0; i < 400; i++) starts.push(clock.now() + bucket.reserve());
    // Assess
    const within = (s: number) => starts.filter((t) => t - starts[0]! < s * 1000).length;
    expect(within(1)).toBeLessThanOrEqual(spec.capacity + spec.refillPerSecond);
    expect(within(60)).toBeLessThanOrEqual(spec.capacity + 60 * spec.refillPerSecond);
    expect(within(60)).toBeGreaterThanOrEqual(spec.capacity + 59 * spec.refillPerSecond);
  });
});

describe("controllerPace: each container's share of EC2's documented buckets", () => {
  it("gives a container its share of the refill and of half the burst (the rest is other tools')", () => {
    const pace = controllerPace(0.5);
    expect(pace.mutating?.spec).toEqual({ capacity: 12, refillPerSecond: 2.5 });
    expect(pace.nonMutating?.spec).toEqual({ capacity: 25, refillPerSecond: 10 });
    // together the containers never outrun EC2's refill
    expect((pace.mutating?.spec.refillPerSecond ?? 0) * 2).toBe(DOCUMENTED_BUCKETS.mutating.refillPerSecond);
  });

  it("keeps a burst of at least a compare-and-swap's two calls for a small share (the sweep's)", () => {
    expect(controllerPace(0.05).mutating?.spec).toEqual({ capacity: 2, refillPerSecond: 0.25 });
  });

  it.each([0, -0.5, 1.5, Number.NaN])("refuses share %f, naming it", (share) => {
    expect(() => controllerPace(share)).toThrow(`share must be above 0 and at most 1, got ${share}`);
  });
});

describe("paceEc2: the client waits for its turn before each call", () => {
  /** A paced client whose requests never leave: the handler answers at once and records the fake time. */
  function pacedClient(
    capacity: number,
    refillPerSecond: number,
    maxWaitMs?: number,
    refuse: (n: number) => boolean = () => false,
  ) {
    const clock = fakeClock();
    const sent: { command: string; at: number }[] = [];
    const slept: number[] = [];
    const ec2 = new EC2Client({
      region: "ap-northeast-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    ec2.middlewareStack.add(
      (_next, context) => async () => {
        sent.push({ command: context.commandName ?? "", at: clock.now() });
        if (refuse(sent.length)) throw awsError("RequestLimitExceeded", 503);
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: "build", name: "answerAtOnce" },
    );
    const pace = {
      mutating: new TokenBucket({ capacity, refillPerSecond }, clock.now),
      nonMutating: new TokenBucket({ capacity: 100, refillPerSecond: 100 }, clock.now),
      StopInstances: new TokenBucket({ capacity: 1, refillPerSecond: 1 }, clock.now),
    };
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock.advance(ms);
    };
    return { ec2: paceEc2(ec2, pace, sleep, maxWaitMs), sent, slept, pace };
  }

  it("sends mutating calls at the mutating share's rate, and reads without waiting for them", async () => {
    // Prepare
    const { ec2, sent, slept } = pacedClient(2, 4);
    // Act: one after another, as one decision sends them
    for (let i = 0; i < 3; i++) {
      await ec2.send(new DisassociateAddressCommand({ AssociationId: "eipassoc-0123456789abcdef0" }));
      await ec2.send(new DescribeAddressesCommand({ AllocationIds: ["eipalloc-0123456789abcdef0"] }));
      await ec2.send(new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }));
    }
    // Assess: 2 turns in the burst, then 250 ms apart; the describes never waited
    expect(sent.map((s) => s.command)).toHaveLength(9);
    expect(slept).toEqual([250, 250, 250, 250]);
    const mutating = sent.filter((s) => s.command !== "DescribeAddressesCommand").map((s) => s.at);
    expect(mutating.map((at) => at - mutating[0]!)).toEqual([0, 0, 250, 500, 750, 1_000]);
  });

  it("StopInstances waits for a turn in the mutating bucket and in its own", async () => {
    // Prepare: the mutating share spent (2 of 2, 4 per second); StopInstances' own bucket 1, 1 per second
    const { ec2, sent, slept } = pacedClient(2, 4);
    const disassociate = new DisassociateAddressCommand({ AssociationId: "eipassoc-0123456789abcdef0" });
    await ec2.send(disassociate);
    await ec2.send(disassociate);
    // Act
    const stop = new StopInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] });
    await ec2.send(stop);
    await ec2.send(stop);
    // Assess: each stop waited its mutating turn (250 ms); the second then its own bucket's, 1 s after the first
    expect(slept).toEqual([250, 250, 750]);
    expect(sent.map((s) => s.at - sent[0]!.at)).toEqual([0, 0, 250, 1_250]);
  });

  it("a throttled answer slows the bucket the call drew from, once for the calls sent before it", async () => {
    // Prepare: 4 per second; EC2 refuses the 3rd and 4th calls (sent before any cut)
    const { ec2, sent, pace } = pacedClient(2, 4, undefined, (n) => n === 3 || n === 4);
    const associate = () =>
      ec2.send(new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" })).catch((e) => e);
    // Act: four at once, as a batch of decisions sends them
    const answers = await Promise.all([associate(), associate(), associate(), associate()]);
    // Assess: two throttled answers, one cut (to 0.7 of 4 per second); the describes' bucket untouched
    expect(answers.filter((a) => a instanceof Error).map((a) => (a as Error).name)).toEqual([
      "RequestLimitExceeded",
      "RequestLimitExceeded",
    ]);
    expect(sent).toHaveLength(4);
    expect(pace.mutating.cuts).toBe(1);
    expect(pace.mutating.rate()).toBeCloseTo(2.8, 10);
    expect(pace.nonMutating.cuts).toBe(0);
  });

  it("a caller waiting for a turn that a cut forgave takes a new one at the slower rate", async () => {
    // Prepare: a burst of 1 at 1 per second; the first call comes back throttled while the second waits
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, clock.now);
    const sent: number[] = [];
    let release: () => void = () => {};
    const ec2 = new EC2Client({
      region: "ap-northeast-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    ec2.middlewareStack.add(
      () => async () => {
        sent.push(clock.now());
        if (sent.length === 1) {
          await new Promise<void>((r) => {
            release = r;
          });
          throw awsError("RequestLimitExceeded", 503);
        }
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: "build", name: "answer" },
    );
    const slept: number[] = [];
    let wake: () => void = () => {};
    const sleep = (ms: number) => {
      slept.push(ms);
      return new Promise<void>((r) => {
        wake = () => {
          clock.advance(ms);
          r();
        };
      });
    };
    paceEc2(ec2, { mutating: bucket }, sleep);
    const associate = () =>
      ec2.send(new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }));
    // Act: the first call goes out; the second waits its turn (1 s); the first's throttled answer cuts the rate
    const first = associate().catch((e: unknown) => e);
    const second = associate();
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    release();
    await first;
    wake();
    await new Promise((r) => setImmediate(r));
    wake();
    await second;
    // Assess: its forgiven turn over, the second took a new one: the cut left 0 tokens and 0.7 per second
    // (regaining 2 % a second), so 1 s later 0.71 were there and the rest came 403 ms later
    expect(slept).toEqual([1_000, 403]);
    expect(sent).toEqual([1_000_000, 1_000_000 + 1_000 + 403]);
  });

  it("fails a call as throttled (transient) instead of waiting longer than it may", async () => {
    // Prepare: one turn per 10 s, at most 5 s of waiting
    const { ec2, sent } = pacedClient(1, 0.1, 5_000);
    await ec2.send(new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }));
    // Act
    const second = ec2.send(new AssociateAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" }));
    // Assess
    await expect(second).rejects.toBeInstanceOf(TransientError);
    await expect(second).rejects.toMatchObject({
      reason: "throttled",
      context: { action: "AssociateAddress" },
    });
    expect(sent).toHaveLength(1);
  });
});

describe("CONTROLLER_BUCKETS: the overlay routes' calls draw from EC2's buckets as the addresses' do", () => {
  it("ReplaceRoute and CreateRoute are mutating, DescribeRouteTables (by ids) non-mutating; DeleteRoute is never sent", () => {
    expect(CONTROLLER_BUCKETS.ReplaceRouteCommand).toEqual(["mutating"]);
    expect(CONTROLLER_BUCKETS.CreateRouteCommand).toEqual(["mutating"]);
    expect(CONTROLLER_BUCKETS.DescribeRouteTablesCommand).toEqual(["nonMutating"]);
    expect(CONTROLLER_BUCKETS).not.toHaveProperty("DeleteRouteCommand");
  });
});
