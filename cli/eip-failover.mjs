#!/usr/bin/env node
// `eip-failover`, the operator's command (package.json "bin"; `npx eip-failover …` from a clone after
// `npm ci`). It runs the TypeScript sources in place with Node's own type stripping (tsconfig's
// erasableSyntaxOnly keeps every source strippable), so there is nothing to build first, the command is always
// the code of this checkout, and no loader hook stands in front of each of its hundreds of modules.
import { enableCompileCache } from "node:module";
import { tooOld } from "../scripts/node24/check.mjs";

// Plain JavaScript up to main.ts, so an older Node still reaches this one line instead of a stack trace.
const why = tooOld();
if (why) {
  process.stderr.write(`eip-failover: ${why}\n`);
  process.exit(1);
}
// V8's compiled code for the SDK's and our modules, kept between runs (in the OS's temporary directory, or where
// NODE_COMPILE_CACHE says): a second `eip-failover` loads its modules in about three quarters of the CPU.
enableCompileCache?.();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
