import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_BUCKETS, TokenBucket, TransientError } from "../../../core/index.ts";
import { CONTROLLER_BUCKETS, controllerPace, paceEc2 } from "../../../functions/pace.ts";

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
  it("splits the refill among the queue's concurrency and keeps half the burst for other tools", () => {
    const pace = controllerPace(2);
    expect(pace.mutating?.spec).toEqual({ capacity: 12, refillPerSecond: 2.5 });
    expect(pace.nonMutating?.spec).toEqual({ capacity: 25, refillPerSecond: 10 });
    // together the containers never outrun EC2's refill
    expect((pace.mutating?.spec.refillPerSecond ?? 0) * 2).toBe(DOCUMENTED_BUCKETS.mutating.refillPerSecond);
  });

  it("refuses a concurrency that is not a whole number ≥ 1, naming it", () => {
    expect(() => controllerPace(0)).toThrow("concurrency must be a whole number ≥ 1, got 0");
  });
});

describe("paceEc2: the client waits for its turn before each call", () => {
  /** A paced client whose requests never leave: the handler answers at once and records the fake time. */
  function pacedClient(capacity: number, refillPerSecond: number, maxWaitMs?: number) {
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
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: "build", name: "answerAtOnce" },
    );
    const pace = {
      mutating: new TokenBucket({ capacity, refillPerSecond }, clock.now),
      nonMutating: new TokenBucket({ capacity: 100, refillPerSecond: 100 }, clock.now),
    };
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock.advance(ms);
    };
    return { ec2: paceEc2(ec2, pace, sleep, maxWaitMs), sent, slept };
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
    expect(CONTROLLER_BUCKETS.ReplaceRouteCommand).toBe("mutating");
    expect(CONTROLLER_BUCKETS.CreateRouteCommand).toBe("mutating");
    expect(CONTROLLER_BUCKETS.DescribeRouteTablesCommand).toBe("nonMutating");
    expect(CONTROLLER_BUCKETS).not.toHaveProperty("DeleteRouteCommand");
  });
});
