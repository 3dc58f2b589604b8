#!/usr/bin/env node
// `eip-failover`, the operator's command (package.json "bin"; `npx eip-failover …` from a clone after
// `npm ci`). It runs the TypeScript sources in place through tsx's loader, so there is nothing to build
// first and the command is always the code of this checkout.
import { tooOld } from "../scripts/node24/check.mjs";

// Plain JavaScript up to tsx, so an older Node still reaches this one line instead of a stack trace.
const why = tooOld();
if (why) {
  process.stderr.write(`eip-failover: ${why}\n`);
  process.exit(1);
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
