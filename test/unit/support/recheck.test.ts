import { describe, expect, it } from "vitest";
import { recheckInSeconds } from "../../../functions/event/failover.ts";
import type { AddressReport, FailoverReport } from "../../../functions/types.ts";
import { MAX_RECHECKS, untilDecided } from "../../support/recheck.ts";

const report = (recheck?: number): FailoverReport => ({
  trigger: "failure",
  addresses: [],
  routes: [],
  invalidClusters: 0,
  ...(recheck === undefined ? {} : { recheckInSeconds: recheck }),
});
const waiting = (until: number): AddressReport => ({
  cluster: "web",
  allocationId: "eipalloc-0123456789abcdef0",
  timings: { eventLagMs: 0, graceMs: 0 },
  result: { outcome: "waiting", until, reason: "grace" },
});

describe("untilDecided: the decisions queue's rechecks as one loop, in-process", () => {
  it("waits what the report asks, then invokes again with the same event", async () => {
    // Prepare
    const answers = [report(7), report()];
    const events: unknown[] = [];
    const waits: number[] = [];
    // Act
    const reports = await untilDecided(
      async (event) => {
        events.push(event);
        return answers.shift() ?? report();
      },
      "the event",
      async (ms) => waits.push(ms),
    );
    // Assess
    expect(reports).toHaveLength(2);
    expect(waits).toEqual([7_000]);
    expect(events).toEqual(["the event", "the event"]);
  });

  it(`gives up after ${MAX_RECHECKS} rechecks, as the queue's consumer does`, async () => {
    let invocations = 0;
    const run = untilDecided(
      async () => {
        invocations += 1;
        return report(1);
      },
      {},
      async () => {},
    );
    await expect(run).rejects.toThrow(`still asked to wait after ${MAX_RECHECKS} rechecks`);
    expect(invocations).toBe(1 + MAX_RECHECKS);
  });
});

describe("recheckInSeconds", () => {
  it("is the whole seconds to the last open window, at least 1, or undefined when nothing waits", () => {
    expect(recheckInSeconds([waiting(10_500), waiting(4_000)], 1_000)).toBe(10);
    expect(recheckInSeconds([waiting(900)], 1_000)).toBe(1);
    expect(recheckInSeconds([], 1_000)).toBeUndefined();
  });
});
