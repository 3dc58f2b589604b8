import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests StrykerJS runs against each mutant: the unit suite (no I/O), plus the one integration test that
// needs no sim and is the only one to check core/iam-calls.ts against the source (it reads files, nothing
// more). The rest of the integration suite starts a local region per file: far too slow per mutant.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/unit/**/*.test.ts", "test/integration/iam/calls.test.ts"],
    // One module graph per test file, as in the unit suite: with `isolate: false` a client mocked by
    // aws-sdk-client-mock in one file leaked into functions/pace.ts's tests and failed Stryker's initial run.
    isolate: true,
  },
});
