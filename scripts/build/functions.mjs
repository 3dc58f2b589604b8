// The Lambda handler as one ESM file with a source map. Everything is bundled, the SDK clients included,
// so what runs in Lambda is exactly what the tests ran (and loading one file beats resolving the runtime's
// unbundled SDK: ~100 ms against ~300 ms here); dist-es lets esbuild keep only what is used.
import { inlineSchemaKeys } from "../sdk-schema-keys.cjs";

export default [
  {
    entryPoints: ["functions/handler.ts"],
    outfile: "dist/functions/failover.mjs",
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    sourcemap: true,
    mainFields: ["module", "main"],
    legalComments: "none",
    plugins: [inlineSchemaKeys],
    // Some CommonJS dependencies call require(); ESM output needs one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  },
];
