import { defineConfig } from "vitest/config";

// Three suites, named as such: unit (no I/O), integration (real HTTP against sim/), e2e (real Pacemaker).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Generous: CI's 2-core machine may be busy, and a drill spawns a whole region. No test asserts on
          // wall time; these only stop a hung test.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
