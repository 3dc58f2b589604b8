#!/usr/bin/env node
// `eip-failover`, the operator's command (package.json "bin"; `npx eip-failover …` from a clone after
// `npm ci`). It runs the TypeScript sources in place through tsx's loader, so there is nothing to build
// first and the command is always the code of this checkout.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// Plain JavaScript up to tsx, so an older Node still reaches this one line instead of a stack trace. The major
// is read from engines as agent/version.ts's NODE_MAJOR is.
const { engines } = createRequire(import.meta.url)("../package.json");
const need = Number(/\d+/.exec(engines.node)?.[0]);
if (Number(process.versions.node.split(".")[0]) < need) {
  const ensure = fileURLToPath(new URL("../scripts/node24/ensure.sh", import.meta.url));
  process.stderr.write(
    `eip-failover: Node.js ${process.version} is too old (need >= ${need}); ` +
      `put the pinned one first on PATH: export PATH="$(bash ${ensure}):$PATH"\n`,
  );
  process.exit(1);
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
