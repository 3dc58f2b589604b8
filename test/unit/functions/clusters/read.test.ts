import { describe, expect, it } from "vitest";
import { deadlineIn } from "../../../../core/index.ts";
import { type ClusterConfig, clusterCache } from "../../../../functions/clusters/read.ts";

// readClusters (GetParametersByPath, page by page) is read against the sim by
// test/integration/reliability/races.test.ts and every test/integration/functions/ file; here, the cache in front
// of it.

const config = (n: number): ClusterConfig => ({
  clusters: [],
  invalid: Array.from({ length: n }, () => ({ parameter: `p${n}`, field: "x", why: "y" })),
});

/** A cache over a read that counts its calls and answers what `next` gives, on a clock the test moves. */
function setUp(ttlMs: number, next: (call: number) => Promise<ClusterConfig>) {
  let now = 1_000;
  let calls = 0;
  const get = clusterCache(
    () => next(++calls),
    ttlMs,
    () => now,
  );
  const deadline = deadlineIn(60_000, () => now);
  return { get: () => get(deadline), calls: () => calls, advance: (ms: number) => (now += ms) };
}

describe("clusterCache: one read of the documents per TTL, however many events ask", () => {
  it("answers from its copy until the TTL has passed, then reads again", async () => {
    // Prepare
    const cache = setUp(30_000, async (call) => config(call));
    // Act
    const first = await cache.get();
    cache.advance(29_999);
    const cached = await cache.get();
    cache.advance(1);
    const fresh = await cache.get();
    // Assess
    expect(cached).toBe(first);
    expect(fresh).toEqual(config(2));
    expect(cache.calls()).toBe(2);
  });

  it("events that ask while the read is under way share it", async () => {
    // Prepare
    const cache = setUp(30_000, async (call) => config(call));
    // Act
    const answers = await Promise.all([cache.get(), cache.get(), cache.get()]);
    // Assess
    expect(new Set(answers).size).toBe(1);
    expect(cache.calls()).toBe(1);
  });

  it("keeps no failure: the next event reads again", async () => {
    // Prepare
    const cache = setUp(30_000, async (call) => {
      if (call === 1) throw new Error("throttled");
      return config(call);
    });
    // Act
    await expect(cache.get()).rejects.toThrow("throttled");
    const after = await cache.get();
    // Assess
    expect(after).toEqual(config(2));
    expect(cache.calls()).toBe(2);
  });

  it("a TTL of 0 reads on every event", async () => {
    // Prepare
    const cache = setUp(0, async (call) => config(call));
    // Act
    await cache.get();
    await cache.get();
    // Assess
    expect(cache.calls()).toBe(2);
  });
});
