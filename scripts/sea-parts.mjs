/**
 * Where the packager (scripts/agent-package/) takes agent `name` from, as scripts/build/agent.mjs leaves it: its
 * executable with the halves left out (`<name>.cjs`) and each half as a file of its own (`<name>-run.cjs`,
 * `<name>-sdk.cjs`), which become SEA assets. A module of its own so the packager reads it without esbuild.
 */
export const SEA_PARTS = "dist/agent-sea";
