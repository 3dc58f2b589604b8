// The core as a library bundle: proves it stands alone (no agent, no Lambda imports).
export default [
  {
    entryPoints: ["core/index.ts"],
    outfile: "dist/core/index.mjs",
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    packages: "external",
  },
];
