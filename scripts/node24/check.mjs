// The least Node.js major this project runs on, the first number of package.json's engines (">=24.11" → 24, as
// agent/ocf/version.ts's NODE_MAJOR reads it), and the check of a Node against it. Plain JavaScript that any Node
// loads, so an older one gets one line naming the fix instead of a stack trace. `node scripts/node24/check.mjs`
// checks the Node that runs it (exit 1 and that line when it is too old); eip-failover's entry imports it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const { engines } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

/** The least Node.js major: 24 for engines ">=24.11". */
export const NODE_MAJOR = Number(/\d+/.exec(engines.node)?.[0]);

/** Why Node `version` (default: this one) is too old, with the line that fixes it; undefined when it is not. */
export function tooOld(version = process.version) {
  if (Number(/\d+/.exec(version)?.[0]) >= NODE_MAJOR) return undefined;
  const ensure = fileURLToPath(new URL("ensure.sh", import.meta.url));
  return `Node.js ${version} is too old (need >= ${NODE_MAJOR}); put the pinned one first on PATH: export PATH="$(bash ${ensure}):$PATH"`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = tooOld();
  if (why) {
    process.stderr.write(`${why}\n`);
    process.exit(1);
  }
}
