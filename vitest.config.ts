import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { LongFirstSequencer } from "./test/support/sequencer.ts";
import { WORKERS as workers } from "./test/support/workers.ts";

// Every Node process of the run (the workers this process forks, and the agents, commands and drills they spawn)
// keeps V8's compiled code of the modules it loads: the SDK's clients alone are about a second of CPU per cold
// load, paid again by each of some three hundred processes.
process.env.NODE_COMPILE_CACHE ??= join(import.meta.dirname, ".tmp/node-compile-cache");

// Three suites, named as such: unit (no I/O), integration (real HTTP against sim/), e2e (real Pacemaker).
export default defineConfig({
  test: {
    sequence: { sequencer: LongFirstSequencer },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // No I/O and no module mocks: a worker imports the product once for all files instead of once per
          // file, which was 245 s of a 1,751 s run for 13 s of tests. A file that mocks an SDK client restores
          // it in afterAll, so it cannot reach the next file (unit-isolation.ts fails a file that does not).
          isolate: false,
          setupFiles: ["test/support/unit-isolation.ts"],
          maxWorkers: workers,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Generous: CI's 2-core machine may be busy, and a drill spawns a whole region. No test asserts on
          // wall time; these only stop a hung test.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: workers,
          // Warm moto_servers that the run's regions lease instead of each starting its own.
          globalSetup: ["test/support/moto-pool-setup.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Three files side by side: each cluster has namespaces of its own (named by its id, cluster.ts), and
          // most of a scenario is Pacemaker waiting on timers (token, monitor, failure-timeout, fencing delays),
          // not CPU. No scenario asserts on time (the reports compare it with the promise), so a busy machine
          // stretches a failover without failing it. The longest files start first (sequencer.ts). After the
          // other projects (groupOrder), as .ci/run runs it, so a plain `vitest run` can mix worker counts.
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
