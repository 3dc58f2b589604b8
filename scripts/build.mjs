// Bundles every part with esbuild into dist/. Each part owns its build options in scripts/build/<part>.mjs
// (an array of esbuild options), so the agent's single-file executable and the Lambda bundle can differ.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

const here = new URL("./build/", import.meta.url);
await rm("dist", { recursive: true, force: true });
const parts = (await readdir(here)).filter((f) => f.endsWith(".mjs")).sort();
for (const part of parts) {
  const { default: targets } = await import(new URL(part, here).href);
  for (const options of targets) {
    const t0 = performance.now();
    const result = await build({ logLevel: "warning", metafile: true, ...options });
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    const out = options.outfile ?? join(options.outdir ?? "dist", "");
    console.log(
      `built ${out} (${(bytes / 1024).toFixed(0)} KiB) in ${(performance.now() - t0).toFixed(0)} ms`,
    );
  }
}
