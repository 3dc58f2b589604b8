import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Node } from "../../e2e/cluster.ts";
import { type Powered, watchPower } from "../../e2e/power.ts";

/** A two-node cluster whose instance states the test sets; powering a node on or off only flips `up`. */
function fakeCluster(states: Record<string, string>) {
  const up: Record<Node, boolean> = { A: true, B: true, C: false };
  const cluster: Powered = {
    nodes: ["A", "B"],
    topology: { nodes: { A: { instanceId: "i-a" }, B: { instanceId: "i-b" }, C: { instanceId: "i-c" } } },
    ctl: async () => ({ ...states }),
    isUp: (n) => up[n],
    powerOff: async (n) => {
      up[n] = false;
    },
    powerOn: async (n) => {
      up[n] = true;
    },
  };
  return { cluster, up };
}

/** A few of the watcher's polls (it polls every 1 ms of the fake clock). */
const polls = () => vi.advanceTimersByTimeAsync(5);

describe("watchPower: the sim's instances drive their nodes", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a stopped instance powers its node off; its start boots it again; the other node is untouched", async () => {
    // Prepare
    const states = { "i-a": "running", "i-b": "running" };
    const { cluster, up } = fakeCluster(states);
    const watch = watchPower(cluster, { everyMs: 1, bootMs: 0 });
    await polls();
    // Act
    states["i-a"] = "stopped";
    await polls();
    const afterStop = { ...up };
    states["i-a"] = "running";
    await polls();
    await Promise.all([watch.stop(), polls()]);
    // Assess
    expect(afterStop).toMatchObject({ A: false, B: true });
    expect(up).toMatchObject({ A: true, B: true });
    expect(watch.events.map((e) => `${e.node} ${e.did} ${e.state}`)).toEqual([
      "A off stopped",
      "A on running",
    ]);
  });

  it.each(["stopping", "shutting-down", "terminated"])(
    "an instance %s powers its node off",
    async (state) => {
      const states = { "i-a": "running", "i-b": state };
      const { cluster, up } = fakeCluster(states);
      const watch = watchPower(cluster, { everyMs: 1, bootMs: 0 });
      await polls();
      await Promise.all([watch.stop(), polls()]);
      expect(up).toMatchObject({ A: true, B: false });
    },
  );

  it("a node that crashed while its instance runs stays down: EC2 did not restart it", async () => {
    const { cluster, up } = fakeCluster({ "i-a": "running", "i-b": "running" });
    up.A = false;
    const watch = watchPower(cluster, { everyMs: 1, bootMs: 0 });
    await polls();
    await Promise.all([watch.stop(), polls()]);
    expect(up.A).toBe(false);
    expect(watch.events).toEqual([]);
  });
});
