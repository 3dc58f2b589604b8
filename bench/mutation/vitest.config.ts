import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests StrykerJS runs against each mutant: the unit suite (no I/O), plus the one integration test that
// needs no sim and is the only one to check core/iam-calls.ts against the source (it reads files, nothing
// more). The rest of the integration suite starts a local region per file: far too slow per mutant.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/unit/**/*.test.ts", "test/integration/iam/calls.test.ts"],
    // As in vitest.config.ts: the SDK's once-per-process Node 20 warning.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // One module graph per run instead of one per test file: most of a mutant's run was importing the SDK
    // again for each file (the unit suite passes either way). Each run still starts a fresh worker, so
    // static mutants (module-level tables) are loaded anew.
    isolate: false,
  },
});
