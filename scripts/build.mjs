// Bundles every part with esbuild into dist/. Each part owns its build options in scripts/build/<part>.mjs
// (an array of esbuild options), so the agent's single-file executable and the Lambda bundle can differ.
import { readdir, rm, stat } from "node:fs/promises";
import { build } from "esbuild";

const here = new URL("./build/", import.meta.url);
await rm("dist", { recursive: true, force: true });
const parts = (await readdir(here)).filter((f) => f.endsWith(".mjs")).sort();
for (const part of parts) {
  const { default: targets } = await import(new URL(part, here).href);
  for (const options of targets) {
    const t0 = performance.now();
    const result = await build({ logLevel: "warning", metafile: true, ...options });
    // The size on disk of each file the part wrote. Not esbuild's own count: a part may write its file itself
    // (the agents keep esbuild's output in memory and write an executable that embeds two more bundles), and a
    // source map is a file of its own, not part of the bundle's size.
    for (const out of Object.keys(result.metafile.outputs)) {
      const size = await stat(out).then(
        (s) => s.size,
        () => undefined,
      );
      if (size === undefined) continue;
      const kib = `${(size / 1024).toFixed(0)} KiB, ${size.toLocaleString("en")} bytes`;
      console.log(`built ${out} (${kib}) in ${(performance.now() - t0).toFixed(0)} ms`);
    }
  }
}
